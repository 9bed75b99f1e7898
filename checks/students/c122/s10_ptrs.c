/* Homework 5 -- two layer net, backward
 * Ashley Patel
 * uses the raw arrays: row i of a gsl_matrix m starts at m->data + i*m->tda
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        const double *prob = cache->prob->data + i * cache->prob->tda;
        double *dz2 = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++)
            dz2[k] = (prob[k] - (k == y[i] ? 1.0 : 0.0)) / N;
    }

    /* dW2 and db2 */
    for (j = 0; j < H; j++) {
        double *dW2 = g->dW2->data + j * g->dW2->tda;
        const double *W2 = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++)
            dW2[k] = 2 * reg * W2[k];
    }
    for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] = 0;
    for (i = 0; i < N; i++) {
        const double *p1 = cache->p1->data + i * cache->p1->tda;
        const double *dz2 = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++) {
            g->db2->data[k * g->db2->stride] += dz2[k];
            for (j = 0; j < H; j++)
                g->dW2->data[j * g->dW2->tda + k] += p1[j] * dz2[k];
        }
    }

    /* dp1 and dz1 */
    for (i = 0; i < N; i++) {
        const double *dz2 = g->dz2->data + i * g->dz2->tda;
        double *dp1 = g->dp1->data + i * g->dp1->tda;
        double *dz1 = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            const double *W2 = net->W2->data + j * net->W2->tda;
            double s = 0;
            for (k = 0; k < C; k++)
                s += dz2[k] * W2[k];
            dp1[j] = s;
            dz1[j] = s;     /* relu passes the gradient straight through */
        }
    }

    /* dW1 and db1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            g->dW1->data[k * g->dW1->tda + j] = 2 * reg * net->W1->data[k * net->W1->tda + j];
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] = 0;
    for (i = 0; i < N; i++) {
        const double *x = X->data + i * X->tda;
        const double *dz1 = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
            g->db1->data[j * g->db1->stride] += dz1[j];
            for (k = 0; k < D; k++)
                g->dW1->data[k * g->dW1->tda + j] += x[k] * dz1[j];
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
