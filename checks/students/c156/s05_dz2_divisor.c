/* backward.c -- assignment 3
 * name: (removed)
 *
 * flat loops: k runs over every entry, i = row, j = column.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax loss gradient */
    for (k = 0; k < N * C; k++) {
        i = k / H;
        j = k % C;
        g->dz2->data[k] = cache->prob->data[k];
        if (y[i] == j)
            g->dz2->data[k] -= 1;
        g->dz2->data[k] /= N;
    }

    /* second layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (k = 0; k < N * C; k++)
        g->db2->data[k % C] += g->dz2->data[k];

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: pass the gradient only where z1 was positive */
    for (k = 0; k < N * H; k++) {
        if (cache->z1->data[k] > 0)
            g->dz1->data[k] = g->dp1->data[k];
        else
            g->dz1->data[k] = 0;
    }

    /* first layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (k = 0; k < N * H; k++)
        g->db1->data[k % H] += g->dz1->data[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
