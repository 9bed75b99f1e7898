/* backward pass, pointer version.  Walks ->data directly with the row
 * stride (tda) -- no get/set calls. dp1 is computed straight into dz1,
 * copied out to dp1, and only then masked. */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *d, *w, *z, s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        d = g->dz2->data + i * g->dz2->tda;
        z = cache->prob->data + i * cache->prob->tda;
        for (k = 0; k < C; k++)
            d[k] = (z[k] - (k == y[i] ? 1.0 : 0.0)) / N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        w = g->dW2->data + j * g->dW2->tda;
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += cache->p1->data[i * cache->p1->tda + j]
                   * g->dz2->data[i * g->dz2->tda + k];
            w[k] = s + 2 * reg * net->W2->data[j * net->W2->tda + k];
        }
    }

    /* db2 */
    d = g->db2->data;
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += g->dz2->data[i * g->dz2->tda + k];
        d[k * g->db2->stride] = s;
    }

    /* dp1 goes into dz1 first, copy to dp1, then mask dz1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
    gsl_matrix_memcpy(g->dp1, g->dz1);
    for (i = 0; i < N; i++) {
        d = g->dz1->data + i * g->dz1->tda;
        z = cache->z1->data + i * cache->z1->tda;
        for (j = 0; j < H; j++)
            if (!(z[j] > 0))
                d[j] = 0;
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        w = g->dW1->data + k * g->dW1->tda;
        for (j = 0; j < H; j++) {
            s = 0;
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            w[j] = s + 2 * reg * net->W1->data[k * net->W1->tda + j];
        }
    }

    /* db1 */
    d = g->db1->data;
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += g->dz1->data[i * g->dz1->tda + j];
        d[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
