/* Lab 4: backward pass of the 2 layer network.
 * Using ->data and ->tda because the lab sheet said it is faster than
 * gsl_matrix_get.  element (i,j) is data[i*tda + j]. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;

    /* 1) dz2 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            s = cache->prob->data[i * cache->prob->tda + k];
            if (k == y[i])
                s = s - 1.0;
            g->dz2->data[i * g->dz2->tda + k] = s / N;
        }
    }

    /* 2) dW2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0;
            for (i = 0; i < N; i++) {
                s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
            }
            g->dW2->data[j * g->dW2->tda + k] = s + 2 * reg * net->W2->data[j * net->W2->tda + k];
        }
    }

    /* 3) db2 */
    for (k = 0; k < C; k++) {
        s = 0;
        for (i = 0; i < N; i++) {
            s += g->dz2->data[i * g->dz2->tda + k];
        }
        g->db2->data[k * g->db2->stride] = s;
    }

    /* 4) dp1 = dz2 * W2 transposed */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0;
            for (k = 0; k < C; k++) {
                s += cache->prob->data[i * cache->prob->tda + k] * net->W2->data[j * net->W2->tda + k];
            }
            g->dp1->data[i * g->dp1->tda + j] = s;
        }
    }

    /* 5) dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (cache->z1->data[i * cache->z1->tda + j] > 0)
                g->dz1->data[i * g->dz1->tda + j] = g->dp1->data[i * g->dp1->tda + j];
            else
                g->dz1->data[i * g->dz1->tda + j] = 0;
        }
    }

    /* 6) dW1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            s = 0;
            for (i = 0; i < N; i++) {
                s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            }
            g->dW1->data[k * g->dW1->tda + j] = s + 2 * reg * net->W1->data[k * net->W1->tda + j];
        }
    }

    /* 7) db1 */
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++) {
            s += g->dz1->data[i * g->dz1->tda + j];
        }
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
