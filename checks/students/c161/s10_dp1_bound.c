/* backward.c
 * Homework 4: backpropagation for the two-layer fully connected network
 * Each gradient gets its own loop, in the order from the slides.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int N = (int) X->size1;   /* samples */
    int D = (int) X->size2;   /* features */
    int H = (int) net->H;     /* hidden units */
    int C = (int) net->C;     /* classes */
    int i, j, k;
    double data_loss = 0.0;   /* was going to check the loss here too */

    if ((size_t) N != cache->N || (size_t) D != net->D || g->N != (size_t) N) {
        return 1;
    }
    (void) data_loss;

    /* scores_grad: dL/dscores */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            double target = ((size_t) k == y[i]) ? 1.0 : 0.0;   /* one hot */
            gsl_matrix_set(g->dz2, i, k, (p - target) / N);
        }
    }

    /* W2_grad: dL/dW2 = hidden^T scores_grad + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (i = 0; i < N; i++) {
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            acc += 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    }

    /* b2_grad: dL/db2 = sum of scores_grad down the rows */
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (i = 0; i < N; i++) {
            acc += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, acc);
    }

    /* hidden_grad: dL/dhidden = scores_grad W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C - 1; k++) {
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    /* relu_grad: dL/dz1, the relu passes the gradient only where z1 > 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    /* W1_grad: dL/dW1 = X^T relu_grad + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++) {
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            acc += 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }

    /* b1_grad: dL/db1 = sum of relu_grad down the rows */
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++) {
            acc += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
