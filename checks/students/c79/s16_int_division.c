/* backward.c -- Noah K.
 * """Backward pass of the 2-layer net, numpy style on double** arrays."""
 */
#include <stdlib.h>
#include "backprop/grads.h"

double **alloc2d(int n, int m)
{
    double **a = malloc(n * sizeof(double *));
    for (int i = 0; i < n; i++) a[i] = calloc(m, sizeof(double));
    return a;
}

void free2d(double **a, int n)
{
    for (int i = 0; i < n; i++) free(a[i]);
    free(a);
}

double **to_2d(const gsl_matrix *m)
{
    double **a = alloc2d(m->size1, m->size2);
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++) a[i][j] = gsl_matrix_get(m, i, j);
    return a;
}

void from_2d(gsl_matrix *m, double **a)
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++) gsl_matrix_set(m, i, j, a[i][j]);
}

/* """A *= s, in place""" */
void scale_inplace(double **A, int n, int m, double s)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) A[i][j] *= s;
}

/* """A += B, in place""" */
void add_inplace(double **A, double **B, int n, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) A[i][j] += B[i][j];
}

/* """returns A.T @ B, A is (n, m), B is (n, k)""" */
double **matmul_at(double **A, int n, int m, double **B, int k)
{
    double **out = alloc2d(m, k);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < k; j++)
            for (int s = 0; s < n; s++) out[i][j] += A[s][i] * B[s][j];
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = X->size1, D = net->D, H = net->H, C = net->C;
    double **x = to_2d(X), **z1 = to_2d(cache->z1), **p1 = to_2d(cache->p1);
    double **W1 = to_2d(net->W1), **W2 = to_2d(net->W2);

    /* """dscores = (probs - onehot) / N""" */
    double **dscores = to_2d(cache->prob);
    for (int i = 0; i < N; i++) dscores[i][y[i]] -= 1;
    scale_inplace(dscores, N, C, 1 / N);

    /* """dW2 = p1.T @ dscores + 2 reg W2""" (W2 is my copy, scaling it is fine) */
    double **dW2 = matmul_at(p1, N, H, dscores, C);
    double **regW2 = to_2d(net->W2);
    scale_inplace(regW2, H, C, 2 * reg);
    add_inplace(dW2, regW2, H, C);

    double **dp1 = alloc2d(N, H);
    for (int i = 0; i < N; i++)
        for (int h = 0; h < H; h++)
            for (int c = 0; c < C; c++) dp1[i][h] += dscores[i][c] * W2[h][c];

    double **dz1 = alloc2d(N, H);
    for (int i = 0; i < N; i++)
        for (int h = 0; h < H; h++) dz1[i][h] = z1[i][h] > 0 ? dp1[i][h] : 0;

    double **dW1 = matmul_at(x, N, D, dz1, H);
    scale_inplace(W1, D, H, 2 * reg);
    add_inplace(dW1, W1, D, H);

    for (int c = 0; c < C; c++) {
        double s = 0;
        for (int i = 0; i < N; i++) s += dscores[i][c];
        gsl_vector_set(g->db2, c, s);
    }
    for (int h = 0; h < H; h++) {
        double s = 0;
        for (int i = 0; i < N; i++) s += dz1[i][h];
        gsl_vector_set(g->db1, h, s);
    }

    from_2d(g->dz2, dscores);
    from_2d(g->dW2, dW2);
    from_2d(g->dp1, dp1);
    from_2d(g->dz1, dz1);
    from_2d(g->dW1, dW1);

    free2d(x, N); free2d(z1, N); free2d(p1, N); free2d(W1, D); free2d(W2, H);
    free2d(dscores, N); free2d(dW2, H); free2d(regW2, H);
    free2d(dp1, N); free2d(dz1, N); free2d(dW1, D);
    g->present = BP_GRADS_ALL;
    return 0;
}
