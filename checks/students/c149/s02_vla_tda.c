// backward pass, two layer net
// uses C99 variable length arrays so I can write a[i][j] like in numpy
// copy in through ->data (row stride is tda!), copy out with gsl_matrix_set

#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    double x[N][D], W1[D][H], W2[H][C], Z1[N][H], P1[N][H], prob[N][C];
    double dz2[N][C], dW2[H][C], db2[C], dp1[N][H], dz1[N][H], dW1[D][H], db1[H];

    for (i = 0; i < N; i++) {
        for (j = 0; j < D; j++) x[i][j] = X->data[i * X->tda + j];
        for (j = 0; j < H; j++) {
            Z1[i][j] = cache->z1->data[i * cache->z1->tda + j];
            P1[i][j] = cache->p1->data[i * cache->p1->tda + j];
        }
        for (j = 0; j < C; j++) prob[i][j] = cache->prob->data[i * cache->prob->tda + j];
    }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) W1[i][j] = net->W1->data[i * net->W1->tda + j];
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) W2[i][j] = net->W2->data[i * net->W2->tda + j];

    memset(dW2, 0, sizeof dW2);
    memset(db2, 0, sizeof db2);
    memset(dp1, 0, sizeof dp1);
    memset(dW1, 0, sizeof dW1);
    memset(db1, 0, sizeof db1);

    // softmax gradient
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dz2[i][j] = (prob[i][j] - ((size_t) j == y[i] ? 1.0 : 0.0)) / N;

    // second layer: accumulate sample by sample
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            db2[k] += dz2[i][k];
            for (j = 0; j < H; j++) {
                dW2[j][k] += P1[i][j] * dz2[i][k];
                dp1[i][j] += dz2[i][k] * W2[j][k];
            }
        }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2[j][k] += 2 * reg * W2[j][k];

    // relu
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i][j] = Z1[i][j] > 0 ? dp1[i][j] : 0;

    // first layer
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            db1[j] += dz1[i][j];
            for (k = 0; k < D; k++)
                dW1[k][j] += x[i][k] * dz1[i][j];
        }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            dW1[k][j] += 2 * reg * W1[k][j];

    // copy everything out
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) gsl_matrix_set(g->dz2, i, k, dz2[i][k]);
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dp1[i][j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
        }
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) gsl_matrix_set(g->dW2, j, k, dW2[j][k]);
    for (k = 0; k < C; k++) gsl_vector_set(g->db2, k, db2[k]);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) gsl_matrix_set(g->dW1, i, j, dW1[i][j]);
    for (j = 0; j < H; j++) gsl_vector_set(g->db1, j, db1[j]);

    g->present = BP_GRADS_ALL;
    return 0;
}
