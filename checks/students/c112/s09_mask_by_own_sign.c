/* backward.c  -  my backward pass
 * dz2 -> (dW2, db2) -> dp1 -> dz1 -> (dW1, db1)
 * raw data pointers for the elementwise parts, BLAS for the products */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double *d;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    d = g->dz2->data;
    for (i = 0; i < N; i++)
        d[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    d = g->dz2->data;
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += d[i * g->dz2->tda + j];
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1: relu backward, only the positive part passes */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    d = g->dz1->data;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (d[i * g->dz1->tda + j] < 0.0)
                d[i * g->dz1->tda + j] = 0.0;

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* db1 */
    d = g->dz1->data;
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += d[i * g->dz1->tda + j];
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
