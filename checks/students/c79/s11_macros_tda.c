/* backward.c  -- Hannah L.
 * GSL is row-major with a row stride "tda", so element (i,j) is
 * data[i*tda + j].  I read the cache that way and keep my own 2-D arrays
 * for the results.
 */
#include <stdlib.h>
#include "backprop/grads.h"

#define EL(m, i, j)  ((m)->data[(size_t) (i) * (m)->tda + (j)])
#define VEL(v, i)    ((v)->data[(size_t) (i) * (v)->stride])

static double **alloc2d(int n, int m)
{
    double **rows = malloc(n * sizeof *rows);
    for (int i = 0; i < n; i++)
        rows[i] = calloc(m, sizeof **rows);
    return rows;
}

static void free2d(double **rows, int n)
{
    for (int i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
}

static void from_2d(gsl_matrix *dst, double **a, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            EL(dst, i, j) = a[i][j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    int i, j, k;

    double **dz2 = alloc2d(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dz2[i][j] = (EL(cache->prob, i, j) - (y[i] == (size_t) j)) / N;

    double **dW2 = alloc2d(H, C);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 2.0 * reg * EL(net->W2, j, k);
            for (i = 0; i < N; i++)
                acc += EL(cache->p1, i, j) * dz2[i][k];
            dW2[j][k] = acc;
        }

    for (k = 0; k < C; k++) {
        VEL(g->db2, k) = 0.0;
        for (i = 0; i < N; i++)
            VEL(g->db2, k) += dz2[i][k];
    }

    double **dp1 = alloc2d(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                dp1[i][j] += dz2[i][k] * EL(net->W2, j, k);

    /* relu backward: pass the gradient only where it is "active" */
    double **dz1 = alloc2d(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i][j] = dp1[i][j] > 0 ? dp1[i][j] : 0.0;

    double **dW1 = alloc2d(D, H);
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double acc = 2.0 * reg * EL(net->W1, k, j);
            for (i = 0; i < N; i++)
                acc += EL(X, i, k) * dz1[i][j];
            dW1[k][j] = acc;
        }

    for (j = 0; j < H; j++) {
        VEL(g->db1, j) = 0.0;
        for (i = 0; i < N; i++)
            VEL(g->db1, j) += dz1[i][j];
    }

    from_2d(g->dz2, dz2, N, C);
    from_2d(g->dW2, dW2, H, C);
    from_2d(g->dp1, dp1, N, H);
    from_2d(g->dz1, dz1, N, H);
    from_2d(g->dW1, dW1, D, H);

    free2d(dz2, N); free2d(dW2, H); free2d(dp1, N); free2d(dz1, N); free2d(dW1, D);
    g->present = BP_GRADS_ALL;
    return 0;
}
