/* Lab 3: backward pass, split into small helpers (one per layer). */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dZ = (probs - onehot) / N */
static void compute_score_grad(const gsl_matrix *probs, const size_t *y, gsl_matrix *dZ)
{
    size_t i, k, N = probs->size1;
    for (i = 0; i < N; i++)
        for (k = 0; k < probs->size2; k++) {
            double v = gsl_matrix_get(probs, i, k) - (k == y[i] ? 1.0 : 0.0);
            gsl_matrix_set(dZ, i, k, v / (double)N);
        }
}

/* dW = A^T dZ + 2 reg W */
static void compute_weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                                const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    size_t r, c, i;
    for (r = 0; r < dW->size1; r++)
        for (c = 0; c < dW->size2; c++) {
            double s = 2.0 * reg * gsl_matrix_get(W, r, c);
            for (i = 0; i < A->size1; i++)
                s += gsl_matrix_get(A, i, r) * gsl_matrix_get(dZ, i, c);
            gsl_matrix_set(dW, r, c, s);
        }
}

/* db = column sums of dZ */
static void sum_columns(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i, c;
    for (c = 0; c < dZ->size2; c++) {
        double s = 0.0;
        for (i = 0; i < dZ->size1; i++)
            s += gsl_matrix_get(dZ, i, c);
        gsl_vector_set(db, c, s);
    }
}

/* dA = dZ W^T */
static void propagate_through_weights(const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dA)
{
    size_t i, r, c;
    for (i = 0; i < dA->size1; i++)
        for (r = 0; r < dA->size2; r++) {
            double s = 0.0;
            for (c = 0; c < dZ->size2; c++)
                s += gsl_matrix_get(dZ, i, c) * gsl_matrix_get(W, r, c);
            gsl_matrix_set(dA, i, r, s);
        }
}

/* relu backward: let the gradient through where the unit was active */
static void apply_relu_mask(const gsl_matrix *dA, const gsl_matrix *act, gsl_matrix *dZ)
{
    size_t i, j;
    for (i = 0; i < dA->size1; i++)
        for (j = 0; j < dA->size2; j++) {
            if (gsl_matrix_get(act, i, j) >= 0.0)
                gsl_matrix_set(dZ, i, j, gsl_matrix_get(dA, i, j));
            else
                gsl_matrix_set(dZ, i, j, 0.0);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    compute_score_grad(cache->prob, y, g->dz2);
    compute_weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    sum_columns(g->dz2, g->db2);
    propagate_through_weights(g->dz2, net->W2, g->dp1);
    apply_relu_mask(g->dp1, cache->p1, g->dz1);
    compute_weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    sum_columns(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
