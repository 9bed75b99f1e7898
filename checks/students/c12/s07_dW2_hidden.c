/* backward.c -- two-layer net, backward pass
 *
 * notation from lecture:  h = hidden layer, s = scores
 *   ds = (softmax(s) - y_onehot) / N
 *   dW2 = h^T ds + 2 reg W2,  db2 = sum ds
 *   dh = ds W2^T,  dh_pre = dh * (h_pre > 0)
 *   dW1 = x^T dh_pre + 2 reg W1,  db1 = sum dh_pre
 */

#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;
    double tmp;

    /* ds */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            tmp = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) {
                tmp = tmp - 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, tmp / N);
        }
    }

    /* dW2 = h^T ds + 2 reg W2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            tmp = 0.0;
            for (k = 0; k < N; k++) {
                tmp += gsl_matrix_get(cache->z1, k, i) * gsl_matrix_get(g->dz2, k, j);
            }
            // tmp = tmp / N;   already divided in ds
            tmp += 2.0 * reg * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, tmp);
        }
    }

    /* db2 = sum ds */
    for (j = 0; j < C; j++) {
        tmp = 0.0;
        for (k = 0; k < N; k++) {
            tmp += gsl_matrix_get(g->dz2, k, j);
        }
        gsl_vector_set(g->db2, j, tmp);
    }

    /* dh = ds W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0.0;
            for (k = 0; k < C; k++) {
                tmp += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, tmp);
        }
    }

    /* dh_pre = dh * (h_pre > 0) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* dW1 = x^T dh_pre + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            tmp = 0.0;
            for (k = 0; k < N; k++) {
                tmp += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            tmp += 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, tmp);
        }
    }

    /* db1 = sum dh_pre */
    for (j = 0; j < H; j++) {
        tmp = 0.0;
        for (k = 0; k < N; k++) {
            tmp += gsl_matrix_get(g->dz1, k, j);
        }
        gsl_vector_set(g->db1, j, tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
