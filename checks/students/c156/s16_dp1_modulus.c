/* backward.c: backprop by hand for the 2 layer net
 *
 * I keep i (row) and j (col) for every flat index k, gsl_blas only for the
 * weight gradients.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW(k, ncols) ((k) / (ncols))
#define COL(k, ncols) ((k) % (ncols))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    size_t k, c;
    double *tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    for (k = 0; k < N * C; k++) {
        double t = COL(k, C) == y[ROW(k, C)] ? 1.0 : 0.0;
        g->dz2->data[k] = (cache->prob->data[k] - t) / (double) N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (k = 0; k < N * C; k++)
        g->db2->data[COL(k, C)] += g->dz2->data[k];

    /* dp1 = dz2 W2^T, into a temporary first */
    tmp = malloc(N * H * sizeof(double));
    if (!tmp)
        return 1;
    for (k = 0; k < N * H; k++) {
        size_t i = ROW(k, H), j = COL(k, C);
        double s = 0.0;
        for (c = 0; c < C; c++)
            s += g->dz2->data[i * C + c] * net->W2->data[j * C + c];
        tmp[k] = s;
    }
    for (k = 0; k < N * H; k++)
        g->dp1->data[k] = tmp[k];

    /* dz1 */
    for (k = 0; k < N * H; k++)
        g->dz1->data[k] = cache->z1->data[k] > 0.0 ? tmp[k] : 0.0;
    free(tmp);

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (k = 0; k < N * H; k++)
        g->db1->data[COL(k, H)] += g->dz1->data[k];

    g->present = BP_GRADS_ALL;
    return 0;
}
