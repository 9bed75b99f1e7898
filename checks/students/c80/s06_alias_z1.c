/* ML2 - Homework 3: backward pass
 * Fatima O.
 *
 * Notation as in the lecture slides:
 *   delta3 = dL/dz2, delta2 = dL/dz1
 *   a1 = hidden layer activations
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, i, j, k;
    const gsl_matrix *a1 = cache->z1;        /* hidden layer activations */
    gsl_matrix *delta3 = g->dz2;
    gsl_matrix *delta2 = g->dz1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* delta3 = (P - Y)/N */
    for (n = 0; n < N; n++) {
        for (k = 0; k < C; k++) {
            double t = (k == y[n]) ? 1.0 : 0.0;
            gsl_matrix_set(delta3, n, k, (gsl_matrix_get(cache->prob, n, k) - t) / N);
        }
    }

    /* dW2 = a1^T delta3 + 2 lambda W2 ,  db2 = sum delta3 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double acc = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(a1, n, j) * gsl_matrix_get(delta3, n, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    }
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(delta3, n, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* dL/da1 = delta3 W2^T */
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(delta3, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, acc);
        }
    }

    /* delta2 = dL/da1 .* relu'(z1) */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(delta2, n, j,
                           gsl_matrix_get(cache->z1, n, j) > 0.0 ? gsl_matrix_get(g->dp1, n, j) : 0.0);

    /* dW1 = X^T delta2 + 2 lambda W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            double acc = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, i) * gsl_matrix_get(delta2, n, j);
            gsl_matrix_set(g->dW1, i, j, acc);
        }
    }
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(delta2, n, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
