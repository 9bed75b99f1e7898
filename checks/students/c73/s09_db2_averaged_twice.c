/*
 * backward.c -- backprop for the 2 layer net, assignment 2
 *
 * Loss = 1/N sum_i -log p_i,y_i + reg (||W1||^2 + ||W2||^2)
 * Everything here is an average over the batch of N samples.
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

    /* gradient of the mean cross entropy wrt the scores */
    gsl_matrix *delta_scores = gsl_matrix_alloc(N, C);
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double indicator_y = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(delta_scores, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - indicator_y) / N);
        }
    }
    gsl_matrix_memcpy(g->dz2, delta_scores);

    /* dW2: hidden activations transposed times delta_scores, plus reg */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double sum_over_samples = 0.0;
            for (i = 0; i < N; i++)
                sum_over_samples += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(delta_scores, i, k);
            gsl_matrix_set(g->dW2, j, k, sum_over_samples + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2: average of delta_scores over the batch */
    for (k = 0; k < C; k++) {
        double sum_over_samples = 0.0;
        for (i = 0; i < N; i++)
            sum_over_samples += gsl_matrix_get(delta_scores, i, k);
        gsl_vector_set(g->db2, k, sum_over_samples / N);
    }

    /* delta for the hidden activations: delta_scores W2^T */
    gsl_matrix *delta_hidden_activation = gsl_matrix_alloc(N, H);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(delta_scores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(delta_hidden_activation, i, j, s);
        }
    }
    gsl_matrix_memcpy(g->dp1, delta_hidden_activation);

    /* delta for the hidden pre-activations: relu'(z1) = 1 if z1 > 0 */
    gsl_matrix *delta_hidden_preactivation = gsl_matrix_alloc(N, H);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double relu_prime = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(delta_hidden_preactivation, i, j,
                           relu_prime * gsl_matrix_get(delta_hidden_activation, i, j));
        }
    }
    gsl_matrix_memcpy(g->dz1, delta_hidden_preactivation);

    /* dW1: X transposed times delta_hidden_preactivation, plus reg */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double sum_over_samples = 0.0;
            for (i = 0; i < N; i++)
                sum_over_samples += gsl_matrix_get(X, i, k) * gsl_matrix_get(delta_hidden_preactivation, i, j);
            gsl_matrix_set(g->dW1, k, j, sum_over_samples + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* db1: sum of delta_hidden_preactivation over the batch */
    for (j = 0; j < H; j++) {
        double sum_over_samples = 0.0;
        for (i = 0; i < N; i++)
            sum_over_samples += gsl_matrix_get(delta_hidden_preactivation, i, j);
        gsl_vector_set(g->db1, j, sum_over_samples);
    }

    gsl_matrix_free(delta_scores);
    gsl_matrix_free(delta_hidden_activation);
    gsl_matrix_free(delta_hidden_preactivation);

    g->present = BP_GRADS_ALL;
    return 0;
}
