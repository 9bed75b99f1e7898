/* ================================================================
 *  backward.c   (Neural Networks, C assignment)
 *  Vignesh Subramanian, B.Tech ECE IV sem
 *  Backprop for X -> affine -> relu -> affine -> softmax
 * ================================================================ */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i, j, k;
    double sum;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    // dz2(i,j) = (prob(i,j) - [j == y_i]) / N
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if ((size_t) j == y[i])
                p -= 1;
            gsl_matrix_set(g->dz2, i, j, p / N);
        }

    // dW2(h,c) = sum_i p1(i,h) dz2(i,c) + 2 reg W2(h,c)
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, sum + 2 * reg * gsl_matrix_get(net->W2, i, j));
        }

    // db2(c) = sum_i dz2(i,c)
    for (j = 0; j < C; j++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    // dp1(i,h) = sum_c dz2(i,c) W2(h,c)
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < C; k++)
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, sum);
        }

    // dz1 = dp1 if z1 > 0 else 0
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    // dW1(d,h) = sum_i X(i,d) dz1(i,h) + 2 reg W1(d,h)
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            sum = 0;
            for (k = 0; k < N; k++)
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }

    // db1(h) = sum_i dz1(i,h)
    for (j = 0; j < H; j++) {
        sum = 0;
        for (i = 1; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
