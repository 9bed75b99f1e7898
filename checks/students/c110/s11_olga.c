/* Olga P. -- C module (optional), backprop homework
 *
 * I keep my own copy of the hidden gradient (grad_hidden) while I work on
 * it and only copy it into g at the end. That way I can print it.
 */

#include <stdio.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double temp, sum, total;
    gsl_matrix *grad_hidden;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    grad_hidden = gsl_matrix_alloc(N, H);
    if (grad_hidden == NULL) {
        return 1;
    }

    /* --- scores --- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            temp = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j) temp = temp - 1.0;
            gsl_matrix_set(g->dz2, i, j, temp / (double) N);
        }
    }

    /* --- second layer weights and bias --- */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            sum = 0.0;
            for (i = 0; i < N; i++) {
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++) {
        total = 0.0;
        for (i = 0; i < N; i++) total += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, total);
    }

    /* --- hidden layer: grad_hidden = dz2 * W2^T --- */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (k = 0; k < C; k++) {
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(grad_hidden, i, j, sum);
        }
    }
    gsl_matrix_memcpy(g->dp1, grad_hidden);    /* this is dp1 */

    /* relu: copy grad_hidden into dz1, zero where z1 <= 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(grad_hidden, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }
    /* printf("grad_hidden(0,0)=%f dz1(0,0)=%f\n",
              gsl_matrix_get(grad_hidden, 0, 0), gsl_matrix_get(g->dz1, 0, 0)); */

    /* --- first layer weights --- */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            sum = 0.0;
            for (i = 0; i < N; i++) {
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, sum + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* --- first layer bias: sum of the hidden gradient over the batch --- */
    for (j = 0; j < H; j++) {
        total = 0.0;
        for (i = 0; i < N; i++) total += gsl_matrix_get(grad_hidden, i, j);
        gsl_vector_set(g->db1, j, total);
    }

    gsl_matrix_free(grad_hidden);

    g->present = BP_GRADS_ALL;
    return 0;
}
