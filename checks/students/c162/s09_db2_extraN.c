/* ----------------------------------------------------------------
   Assignment 4 : Backward propagation (C version)
   Course : Neural Networks and Deep Learning
   Student : Mohammed Arif   USN : 1RV20EC089
   ---------------------------------------------------------------- */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* output layer error.  Loss is averaged over the N samples, so every
       gradient coming from the data loss has a 1/N in it */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double delta = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) delta = delta - 1;
            gsl_matrix_set(g->dz2, i, j, delta / N);
        }
    }

    /* weights of output layer */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            double sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            sum += 2 * reg * gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, sum);
        }
    }

    /* bias of output layer (average over batch) */
    for (j = 0; j < C; j++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum / N);
    }

    /* error at hidden layer output */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }
    }

    /* through relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           (gsl_matrix_get(cache->z1, i, j) > 0) * gsl_matrix_get(g->dp1, i, j));

    /* weights of hidden layer */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            sum += 2 * reg * gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, sum);
        }
    }

    /* bias of hidden layer */
    for (j = 0; j < H; j++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
