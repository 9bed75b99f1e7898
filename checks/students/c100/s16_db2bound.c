/* backward.c -- ML3, assignment 2
 * Raw pointers into the gsl data (row i at data + i*tda) to avoid the
 * range checking of gsl_matrix_get. */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *dscores = g->dz2->data;
    size_t ts = g->dz2->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dscores */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dscores[i * ts + k] = cache->prob->data[i * cache->prob->tda + k] / N;
        dscores[i * ts + y[i]] -= 1.0 / N;
    }

    /* dW2 = hidden^T dscores + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
            for (i = 0; i < N; i++)
                s += cache->p1->data[i * cache->p1->tda + j] * dscores[i * ts + k];
            g->dW2->data[j * g->dW2->tda + k] = s;
        }

    /* db2 = column sums of dscores */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < C; i++)
            s += dscores[i * ts + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    /* dhidden and relu */
    for (i = 0; i < N; i++) {
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dh = g->dp1->data + i * g->dp1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dscores[i * ts + k] * net->W2->data[j * net->W2->tda + k];
            dh[j] = s;
            dz[j] = (z[j] > 0.0) ? s : 0.0;
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (j = 0; j < D; j++)
        for (k = 0; k < H; k++) {
            double s = 2.0 * reg * net->W1->data[j * net->W1->tda + k];
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + j] * g->dz1->data[i * g->dz1->tda + k];
            g->dW1->data[j * g->dW1->tda + k] = s;
        }

    /* db1 */
    for (k = 0; k < H; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += g->dz1->data[i * g->dz1->tda + k];
        g->db1->data[k * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
