/* hw3 backward pass.
 * I read the gsl matrices through ->data directly (row i starts at i*tda)
 * into double** arrays, and write the answers back with gsl_matrix_set. */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **arr(size_t r, size_t c)
{
    double **a = malloc(r * sizeof *a);
    size_t i;
    for (i = 0; i < r; i++)
        a[i] = calloc(c, sizeof **a);
    return a;
}

static double **cp(const gsl_matrix *m)
{
    double **a = arr(m->size1, m->size2);
    size_t i, j;
    for (i = 0; i < m->size1; i++)
        for (j = 0; j < m->size2; j++)
            a[i][j] = m->data[i * m->tda + j];
    return a;
}

static void fr(double **a, size_t r)
{
    while (r > 0)
        free(a[--r]);
    free(a);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    double **x = cp(X), **W1 = cp(net->W1), **W2 = cp(net->W2);
    double **z1 = cp(cache->z1), **p1 = cp(cache->p1), **dz2 = cp(cache->prob);
    double **dW2 = arr(H, C), **dp1 = arr(N, H), **dz1 = arr(N, H), **dW1 = arr(D, H);
    double *db2 = calloc(C, sizeof *db2), *db1 = calloc(H, sizeof *db1);

    for (i = 0; i < N; i++) {
        dz2[i][y[i]] -= 1.0;
        for (k = 0; k < C; k++) {
            dz2[i][k] /= (double) N;
            db2[k] += dz2[i][k];
        }
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++) {
                dW2[j][k] += p1[i][j] * dz2[i][k];
                dp1[i][j] += dz2[i][k] * W2[j][k];
            }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            dW2[j][k] += 2.0 * reg * W2[j][k];

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i][j] = z1[i][j] > 0.0 ? dp1[i][j] : 0.0;

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            db1[j] += dz1[i][j];
            for (k = 0; k < D; k++)
                dW1[k][j] += x[i][k] * dz1[i][j];
        }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            dW1[k][j] += 2.0 * reg * W1[k][j];

    /* --- copy results into g --- */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, dz2[i][k]);
    for (i = 0; i < C; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, i, k, dW2[i][k]);
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, db2[k]);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            gsl_matrix_set(g->dp1, i, j, dp1[i][j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
        }
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, k, j, dW1[k][j]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db1[j]);

    fr(x, N); fr(W1, D); fr(W2, H); fr(z1, N); fr(p1, N); fr(dz2, N);
    fr(dW2, H); fr(dp1, N); fr(dz1, N); fr(dW1, D);
    free(db2); free(db1);
    g->present = BP_GRADS_ALL;
    return 0;
}
