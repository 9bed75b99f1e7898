/* Hana Mostafa
 * Neural Networks - Assignment 3: backward pass
 *
 * From the notes:
 *   delta3 = dL/dz2
 *   delta2 = (delta3 W2^T) .* f'(z1)
 *   dW2 = a1^T delta3,  dW1 = X^T delta2   (+ regularization)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++)
    {
        double s = 0.0;
        for (r = 0; r < A->size1; r++)
            s += gsl_matrix_get(A, r, c);
        gsl_vector_set(out, c, s);
    }
}

static double relu_prime(double z)
{
    return z > 0.0 ? 1.0 : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_matrix *delta3 = g->dz2;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* delta3 */
    gsl_matrix_memcpy(delta3, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(delta3, i, y[i], gsl_matrix_get(delta3, i, y[i]) - 1.0);
    gsl_matrix_scale(delta3, 1.0 / (double)N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, delta3, 2.0 * reg, g->dW2);
    colsum(delta3, g->db2);

    /* delta2 = (delta3 W2^T) .* f'(z1) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta3, net->W2, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dp1, i, j, gsl_matrix_get(g->dp1, i, j) * relu_prime(gsl_matrix_get(cache->z1, i, j)));
    gsl_matrix_memcpy(g->dz1, g->dp1);   /* delta2 */

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
