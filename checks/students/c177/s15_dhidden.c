/*
 * backward.c -- backward pass for the two layer network (HW3)
 *
 * Written by translating my working numpy solution.  The helper layer
 * (np_*) is at the top; every helper writes into its last argument.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A.T.dot(B) */
static void np_dot_T(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++)
    {
        for (j = 0; j < B->size2; j++)
        {
            double s = 0.0;
            for (k = 0; k < A->size1; k++)
            {
                s += A->data[k * A->tda + i] * B->data[k * B->tda + j];
            }
            out->data[i * out->tda + j] = s;
        }
    }
}

/* out = A.dot(B.T) */
static void np_dot_BT(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t i, j, k;
    for (i = 0; i < A->size1; i++)
    {
        for (j = 0; j < B->size1; j++)
        {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
            {
                s += A->data[i * A->tda + k] * B->data[j * B->tda + k];
            }
            out->data[i * out->tda + j] = s;
        }
    }
}

static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++)
    {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
        {
            s += A->data[i * A->tda + j];
        }
        out->data[j * out->stride] = s;
    }
}

static void np_where_positive(const gsl_matrix *c, const gsl_matrix *A, gsl_matrix *out)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
    {
        for (j = 0; j < A->size2; j++)
        {
            double v = c->data[i * c->tda + j] > 0.0 ? A->data[i * A->tda + j] : 0.0;
            out->data[i * out->tda + j] = v;
        }
    }
}

/* A += s * B  (reg term) */
static void np_add_scaled(gsl_matrix *A, double s, const gsl_matrix *B)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
    {
        for (j = 0; j < A->size2; j++)
        {
            A->data[i * A->tda + j] += s * B->data[i * B->tda + j];
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;
    gsl_matrix *dhidden_relu = g->dz1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
    {
        dscores->data[i * dscores->tda + y[i]] -= 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    /* grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2 */
    np_dot_T(cache->p1, dscores, g->dW2);
    np_add_scaled(g->dW2, 2.0 * reg, net->W2);

    /* grads['b2'] = np.sum(dscores, axis=0) */
    np_sum_axis0(dscores, g->db2);

    /* dhidden = dscores.dot(W2.T) */
    np_dot_BT(dscores, net->W2, dhidden);

    /* dhidden_relu = np.where(z1 > 0, dhidden, 0) */
    np_where_positive(cache->z1, dhidden, dhidden_relu);

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
    np_dot_T(X, dhidden, g->dW1);
    np_add_scaled(g->dW1, 2.0 * reg, net->W1);

    /* grads['b1'] = np.sum(dhidden_relu, axis=0) */
    np_sum_axis0(dhidden_relu, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
