/* backward.c -- homework 4
 * S. Oyelaran
 *
 * All done sample by sample: for each sample n the weight gradient gets
 * the outer product of the input row and the delta row.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int n, a, b;
    double *xr, *dr, *wr, *gr;
    double s;

    N = X->size1; D = net->D; H = net->H; C = net->C;
    if (N != (int) cache->N || D != (int) X->size2 || N != (int) g->N)
        return 1;

    /* the weight gradients start as the regularization 2*reg*W,
       the bias gradients at zero */
    for (a = 0; a < H; a++) {
        wr = net->W2->data + a * net->W2->tda;
        gr = g->dW2->data + a * g->dW2->tda;
        for (b = 0; b < C; b++)
            gr[b] = 2 * reg * wr[b];
    }
    for (a = 0; a < D; a++) {
        wr = net->W1->data + a * net->W1->tda;
        gr = g->dW1->data + a * g->dW1->tda;
        for (b = 0; b < H; b++)
            gr[b] = 2 * reg * wr[b];
    }
    for (b = 0; b < C; b++)
        g->db2->data[b * g->db2->stride] = 0;
    for (b = 0; b < H; b++)
        g->db1->data[b * g->db1->stride] = 0;

    for (n = 0; n < N; n++) {
        /* output delta for sample n */
        dr = g->dz2->data + n * g->dz2->tda;
        for (b = 0; b < C; b++)
            dr[b] = cache->prob->data[n * cache->prob->tda + b] / N;
        dr[y[n]] = dr[y[n]] - 1.0 / N;

        /* second layer */
        xr = cache->p1->data + n * cache->p1->tda;
        for (a = 0; a < H; a++) {
            gr = g->dW2->data + a * g->dW2->tda;
            for (b = 0; b < C; b++)
                gr[b] += xr[a] * dr[b];
        }
        for (b = 0; b < C; b++)
            g->db2->data[b * g->db2->stride] += dr[b];

        /* hidden delta */
        gr = g->dp1->data + n * g->dp1->tda;
        for (a = 0; a < H; a++) {
            wr = net->W2->data + a * net->W2->tda;
            s = 0;
            for (b = 0; b < C; b++)
                s += dr[b] * wr[b];
            gr[a] = s;
            g->dz1->data[n * g->dz1->tda + a] =
                cache->z1->data[n * cache->z1->tda + a] > 0 ? s : 0;
        }

        /* first layer */
        dr = g->dz1->data + n * g->dz1->tda;
        xr = X->data + n * X->tda;
        for (a = 0; a < D; a++) {
            gr = g->dW1->data + a * g->dW1->tda;
            for (b = 0; b < H; b++)
                gr[b] = xr[a] * dr[b];
        }
        for (b = 0; b < H; b++)
            g->db1->data[b * g->db1->stride] += dr[b];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
