/* backward.c -- ML course, lab 3: backward pass of the 2-layer net
 *
 * Bias gradients are accumulated with k % cols, the products are dgemm.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t nH = N * H, nC = N * C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *prob = cache->prob->data;
    double *dz2 = g->dz2->data;
    double *db2 = g->db2->data;
    double *dp1 = g->dp1->data;
    double *dz1 = g->dz1->data;
    double *db1 = g->db1->data;

    /* ---- output layer ---- */
    for (size_t k = 0; k < nC; k++) {
        size_t row = k / C;
        size_t col = k % C;
        dz2[k] = prob[k] - (col == y[row] ? 1.0 : 0.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    for (size_t c = 0; c < C; c++)
        db2[c] = 0.0;
    for (size_t k = 0; k < nC; k++)
        db2[k % C] += dz2[k];

    /* ---- hidden layer ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   g->dp1);

    for (size_t k = 0; k < nH; k++)
        dz1[k] = (cache->z1->data[k] > 0.0) ? dp1[k] : 0.0;

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* db1 = column sums of dz1, same as db2 */
    for (size_t h = 0; h < H; h++)
        db1[h] = 0.0;
    for (size_t k = 0; k < nH; k++)
        db1[k % C] += dz1[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
