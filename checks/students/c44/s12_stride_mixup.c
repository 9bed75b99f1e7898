/* backward pass, raw arrays.
   row i, col j of a gsl_matrix M is M->data[i * M->tda + j]
   (tda = "trailing dimension", = number of columns unless it is a view) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const size_t sc = g->dz2->tda;     /* rows of length C */
    const size_t sh = g->dp1->tda;     /* rows of length H */
    const size_t sx = X->tda;          /* rows of length D */

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[i*sc + k] = (cache->prob->data[i*cache->prob->tda + k]
                             - (k == y[i])) / (double)N;

    /* dW2 and db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * net->W2->data[j*net->W2->tda + k];
            for (i = 0; i < N; i++)
                s += cache->p1->data[i*cache->p1->tda + j] * dz2[i*sc + k];
            g->dW2->data[j*g->dW2->tda + k] = s;
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i*sc + k];
        g->db2->data[k*g->db2->stride] = s;
    }

    /* dp1, dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i*sc + k] * net->W2->data[j*net->W2->tda + k];
            dp1[i*sh + j] = s;
            dz1[i*g->dz1->tda + j] =
                cache->z1->data[i*cache->z1->tda + j] > 0.0 ? s : 0.0;
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * net->W1->data[k*net->W1->tda + j];
            for (i = 0; i < N; i++)
                s += X->data[i*sx + k] * dz1[i*sx + j];
            g->dW1->data[k*g->dW1->tda + j] = s;
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i*g->dz1->tda + j];
        g->db1->data[j*g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
