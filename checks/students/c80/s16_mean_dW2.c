/*  backward.c
 *  Pia A., ML2 homework 3
 *
 *  gradients are averaged over the batch (loss is the mean)
 */

#include "backprop.h"

#define P1(i, j)   gsl_matrix_get(cache->p1, (i), (j))
#define DZ2(i, k)  gsl_matrix_get(g->dz2, (i), (k))
#define DZ1(i, j)  gsl_matrix_get(g->dz1, (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dL/dscores */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

    /* W2: average over batch + reg */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double sum = 0;
            for (i = 0; i < N; i++)
                sum += P1(i, j) * DZ2(i, k);
            gsl_matrix_set(g->dW2, j, k, sum / N + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }

    /* b2 */
    for (k = 0; k < C; k++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += DZ2(i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* hidden: dp1 then relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < C; k++)
                sum += DZ2(i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
            gsl_matrix_set(g->dz1, i, j, P1(i, j) > 0 ? sum : 0.0);
        }

    /* W1 + reg */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(X, k, i) * DZ1(k, j);
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }

    /* b1 */
    for (j = 0; j < H; j++) {
        double sum = 0;
        for (i = 0; i < N; i++)
            sum += DZ1(i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
