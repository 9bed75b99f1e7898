// backward.c -- ML Systems, assignment 2 (backprop by hand)
// Tomasz Wierzbicki, s2291034
//
// I do not trust myself with BLAS argument orders yet, so everything is
// written as plain index loops with gsl_matrix_get / gsl_matrix_set.  It is
// O(N*H*C) like the matrix version anyway, and each loop matches one line
// of my derivation in the report.

#include <stddef.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

enum status_code
{
    STATUS_OK = 0,
    STATUS_BAD_SHAPE = 1,
    STATUS_BAD_LABEL = 2
};

enum { L2_GRAD_FACTOR = 2 };   // d/dW of reg*W^2 is 2*reg*W

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int shapes_agree(const bp_net *net, const gsl_matrix *X,
                        const bp_cache *cache, const bp_grads *g)
{
    return X->size1 == cache->N && X->size2 == net->D
        && g->N == X->size1 && g->D == net->D
        && g->H == net->H && g->C == net->C;
}

// dscores[i][k] = (prob[i][k] - [k == y_i]) / N
static int scores_gradient(const gsl_matrix *prob, const size_t *labels,
                           gsl_matrix *dscores)
{
    const size_t n = prob->size1;
    const size_t n_classes = prob->size2;

    for (size_t i = 0; i < n; ++i)
    {
        if (labels[i] >= n_classes)
        {
            return STATUS_BAD_LABEL;
        }
        for (size_t k = 0; k < n_classes; ++k)
        {
            double target = (k == labels[i]) ? 1.0 : 0.0;
            gsl_matrix_set(dscores, i, k,
                           (gsl_matrix_get(prob, i, k) - target) / (double) n);
        }
    }
    return STATUS_OK;
}

// dW[a][b] = sum_i A[i][a] * dZ[i][b] + 2 reg W[a][b]
static void weight_gradient(const gsl_matrix *A, const gsl_matrix *dZ,
                            const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    for (size_t a = 0; a < dW->size1; ++a)
    {
        for (size_t b = 0; b < dW->size2; ++b)
        {
            double acc = 0.0;
            for (size_t i = 0; i < A->size1; ++i)
            {
                acc += gsl_matrix_get(A, i, a) * gsl_matrix_get(dZ, i, b);
            }
            acc += L2_GRAD_FACTOR * reg * gsl_matrix_get(W, a, b);
            gsl_matrix_set(dW, a, b, acc);
        }
    }
}

// db[b] = sum_i dZ[i][b]
static void bias_gradient(const gsl_matrix *dZ, gsl_vector *db)
{
    for (size_t b = 0; b < db->size; ++b)
    {
        double acc = 0.0;
        for (size_t i = 0; i < dZ->size1; ++i)
        {
            acc += gsl_matrix_get(dZ, i, b);
        }
        gsl_vector_set(db, b, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (!shapes_agree(net, X, cache, g))
    {
        return STATUS_BAD_SHAPE;
    }

    const size_t n = X->size1;
    const size_t n_hidden = net->H;
    const size_t n_classes = net->C;

    // 1. dz2
    int rc = scores_gradient(cache->prob, y, g->dz2);
    if (rc != STATUS_OK)
    {
        return rc;
    }

    // 2. dW2 = p1^T dz2 + 2 reg W2,  3. db2 = column sums of dz2
    weight_gradient(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_gradient(g->dz2, g->db2);

    // 4. dp1[i][h] = sum_k dz2[i][k] * W2[h][k]
    for (size_t i = 0; i < n; ++i)
    {
        for (size_t h = 0; h < n_hidden; ++h)
        {
            double acc = 0.0;
            for (size_t k = 0; k < n_classes; ++k)
            {
                acc += gsl_matrix_get(g->dz2, i, k)
                     * gsl_matrix_get(net->W2, h, k);
            }
            gsl_matrix_set(g->dp1, i, h, acc);
        }
    }

    // 5. dz1 = dp1 where z1 > 0
    for (size_t i = 0; i < n; ++i)
    {
        for (size_t h = 0; h < n_hidden; ++h)
        {
            const double pre = gsl_matrix_get(cache->z1, i, h);
            gsl_matrix_set(g->dz1, i, h,
                           pre > 0.0 ? gsl_matrix_get(g->dp1, i, h) : 0.0);
        }
    }

    // 6. dW1 = X^T dz1 + 2 reg W1,  7. db1 = column sums of dz1
    weight_gradient(X, g->dz1, net->W1, reg, g->dW1);
    bias_gradient(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return STATUS_OK;
}
