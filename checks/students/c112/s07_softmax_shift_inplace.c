/* backward.c -- backward pass of the 2-layer net.
 * I don't use cache->prob: the softmax is redone from the scores
 * inside g->dz2 (it is N x C anyway, same as the scores), which is
 * then turned into dz2. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, H = net->H;
    size_t i, j, k, imax;
    double sum;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->z2);
    for (i = 0; i < N; i++) {
        double *s = gsl_matrix_ptr(g->dz2, i, 0);
        /* subtract the row max so exp can't overflow */
        imax = 0;
        for (k = 1; k < C; k++)
            if (s[k] > s[imax])
                imax = k;
        for (k = 0; k < C; k++)
            s[k] -= s[imax];
        sum = 0.0;
        for (k = 0; k < C; k++) {
            s[k] = exp(s[k]);
            sum += s[k];
        }
        for (k = 0; k < C; k++)
            s[k] /= sum;
        s[y[i]] -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    /* b2 */
    for (k = 0; k < C; k++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, k);
        gsl_vector_set(g->db2, k, gsl_vector_sum(&col.vector));
    }

    /* back into the hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
