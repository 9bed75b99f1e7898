/* backward.c
 * Ravi N.  --  bootcamp C week, assignment 3
 *
 * Two ways of doing the products, to check myself: dW2 with transpose +
 * matmul like numpy, dp1 and dW1 sample by sample (outer products) like
 * in the lecture notes.
 */
#include <stdlib.h>
#include "backprop/grads.h"

double **alloc2d(size_t rows, size_t cols)
{
    double **a = malloc(rows * sizeof(double *));
    for (size_t r = 0; r < rows; r++)
        a[r] = calloc(cols, sizeof(double));
    return a;
}

void free2d(double **a, size_t rows)
{
    for (size_t r = 0; r < rows; r++)
        free(a[r]);
    free(a);
}

double **to_2d(const gsl_matrix *m)
{
    double **a = alloc2d(m->size1, m->size2);
    for (size_t r = 0; r < m->size1; r++)
        for (size_t c = 0; c < m->size2; c++)
            a[r][c] = gsl_matrix_get(m, r, c);
    return a;
}

void from_2d(gsl_matrix *m, double **a)
{
    for (size_t r = 0; r < m->size1; r++)
        for (size_t c = 0; c < m->size2; c++)
            gsl_matrix_set(m, r, c, a[r][c]);
}

/* transpose(A, n, m): A is n x m, returns m x n (like A.T) */
double **transpose(double **A, size_t n, size_t m)
{
    double **T = alloc2d(m, n);
    size_t r = 0, c = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            T[r][c] = A[i][j];
            if (++c == n) { c = 0; r++; }    /* next row of T */
        }
    return T;
}

/* matmul(A, n, m, B, m, k) = A @ B, n x k */
double **matmul(double **A, size_t n, size_t m, double **B, size_t m2, size_t k)
{
    double **out = alloc2d(n, k);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            for (size_t p = 0; p < m && p < m2; p++)
                out[i][j] += A[i][p] * B[p][j];
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double **x = to_2d(X), **z1 = to_2d(cache->z1), **p1 = to_2d(cache->p1);
    double **W1 = to_2d(net->W1), **W2 = to_2d(net->W2);

    double **dz2 = to_2d(cache->prob);
    for (size_t i = 0; i < N; i++) {
        dz2[i][y[i]] -= 1.0;
        for (size_t c = 0; c < C; c++)
            dz2[i][c] /= (double) N;
    }

    double **p1T = transpose(p1, N, H);
    double **dW2 = matmul(p1T, H, N, dz2, N, C);
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            dW2[h][c] += 2.0 * reg * W2[h][c];

    double **dp1 = alloc2d(N, H);
    double **dz1 = alloc2d(N, H);
    double **dW1 = alloc2d(D, H);
    for (size_t i = 0; i < N; i++) {
        /* dp1_i = W2 dz2_i */
        for (size_t h = 0; h < H; h++)
            for (size_t c = 0; c < C; c++)
                dp1[i][h] += W2[h][c] * dz2[i][c];
        for (size_t h = 0; h < H; h++)
            dz1[i][h] = z1[i][h] > 0.0 ? dp1[i][h] : 0.0;
        /* dW1 += outer(x_i, dz1_i) */
        for (size_t d = 0; d < D; d++)
            for (size_t h = 0; h < H; h++)
                dW1[d][h] += x[i][d] * dz1[i][h];
    }
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
            dW1[d][h] += 2.0 * reg * W1[d][h];

    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++)
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + dz2[i][c]);
        for (size_t h = 0; h < H; h++)
            gsl_vector_set(g->db1, h, gsl_vector_get(g->db1, h) + dz1[i][h]);
    }

    from_2d(g->dz2, dz2);
    from_2d(g->dW2, dW2);
    from_2d(g->dp1, dp1);
    from_2d(g->dz1, dz1);
    from_2d(g->dW1, dW1);

    free2d(x, N); free2d(z1, N); free2d(p1, N); free2d(W1, D); free2d(W2, H);
    free2d(dz2, N); free2d(p1T, H); free2d(dW2, H);
    free2d(dp1, N); free2d(dz1, N); free2d(dW1, D);
    g->present = BP_GRADS_ALL;
    return 0;
}
