/* Aufgabe 4.2 -- Backward Pass
 * Hannah Richter
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* grad = in^T * delta + 2 reg W   (eine affine Schicht) */
static int affine_weight_grad(const gsl_matrix *in, const gsl_matrix *delta,
                              const gsl_matrix *W, double reg, gsl_matrix *grad)
{
    int status = gsl_matrix_memcpy(grad, W);
    if (status)
        return status;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, delta,
                          2.0 * reg, grad);
}

static void colsum(const gsl_matrix *delta, gsl_vector *out)
{
    for (size_t j = 0; j < delta->size2; j++) {
        gsl_vector_const_view c = gsl_matrix_const_column(delta, j);
        double s = 0.0;
        for (size_t i = 0; i < c.vector.size; i++)
            s += gsl_vector_get(&c.vector, i);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* Softmax + Cross-Entropy */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* zweite Schicht: Eingang ist die versteckte Schicht */
    if (affine_weight_grad(cache->z1, g->dz2, net->W2, reg, g->dW2))
        return 1;
    colsum(g->dz2, g->db2);

    /* zurueck in die versteckte Schicht */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ReLU */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0
                               ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* erste Schicht */
    if (affine_weight_grad(X, g->dz1, net->W1, reg, g->dW1))
        return 1;
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
