/* backward.c -- two layer net, backward pass
 * Priya S., bootcamp cohort 7 (python track)
 *
 * Plan: copy everything out of GSL into plain 2-D arrays (double **),
 * do the numpy-style math with my helpers, copy the answers back into g.
 */
#include <stdlib.h>
#include "backprop/grads.h"

/* alloc2d(n, m) -> n x m array of zeros, like np.zeros((n, m)) */
double **alloc2d(size_t n, size_t m)
{
    double **a = malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = calloc(m, sizeof **a);
    return a;
}

void free2d(double **a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i]);
    free(a);
}

/* to_2d(m) -> a new 2-D copy of a gsl matrix */
double **to_2d(const gsl_matrix *m)
{
    double **a = alloc2d(m->size1, m->size2);
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++)
            a[i][j] = gsl_matrix_get(m, i, j);
    return a;
}

/* from_2d(dst, a) -- copy a back into dst, same shape as dst */
void from_2d(gsl_matrix *dst, double **a)
{
    for (size_t i = 0; i < dst->size1; i++)
        for (size_t j = 0; j < dst->size2; j++)
            gsl_matrix_set(dst, i, j, a[i][j]);
}

/* matmul(A, n, m, B, m, k) -> A @ B, shape (n, k) */
double **matmul(double **A, size_t n, size_t m, double **B, size_t m2, size_t k)
{
    (void) m2;  /* should equal m */
    double **C = alloc2d(n, k);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            for (size_t p = 0; p < m; p++)
                C[i][j] += A[i][p] * B[p][j];
    return C;
}

/* transpose(A, n, m) -> A.T, shape (m, n) */
double **transpose(double **A, size_t n, size_t m)
{
    double **T = alloc2d(m, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            T[j][i] = A[i][j];
    return T;
}

/* A += B */
void add_inplace(double **A, double **B, size_t n, size_t m)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            A[i][j] += B[i][j];
}

/* A *= s */
void scale_inplace(double **A, size_t n, size_t m, double s)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            A[i][j] *= s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    double **x = to_2d(X);
    double **z1 = to_2d(cache->z1);
    double **p1 = to_2d(cache->p1);
    double **W1 = to_2d(net->W1);
    double **W2 = to_2d(net->W2);

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    double **dz2 = to_2d(cache->prob);
    for (size_t i = 0; i < N; i++)
        dz2[i][y[i]] -= 1.0;
    scale_inplace(dz2, N, C, 1.0 / N);

    /* dW2 = p1.T @ dz2 + 2 * reg * W2 */
    double **p1T = transpose(p1, N, H);
    double **dW2 = matmul(p1T, H, N, dz2, N, C);
    double **regW2 = to_2d(net->W2);
    scale_inplace(regW2, H, C, 2.0 * reg);
    add_inplace(dW2, regW2, H, C);

    /* db2 = dz2.sum(axis=0) */
    for (size_t j = 0; j < C; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dz2[i][j];
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dz2 @ W2.T */
    double **W2T = transpose(W2, H, C);
    double **dp1 = matmul(dz2, N, C, W2T, C, H);

    /* dz1 = dp1 * (z1 > 0) */
    double **dz1 = alloc2d(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            dz1[i][j] = z1[i][j] > 0 ? dp1[i][j] : 0.0;

    /* dW1 = x.T @ dz1 + 2 * reg * W1 */
    double **xT = transpose(x, N, D);
    double **dW1 = matmul(xT, D, N, dz1, N, H);
    scale_inplace(W1, D, H, 2.0 * reg);   /* W1 is my own copy, ok to change */
    add_inplace(dW1, W1, D, H);

    /* db1 = dz1.sum(axis=0) */
    for (size_t j = 0; j < H; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += dz1[i][j];
        gsl_vector_set(g->db1, j, s);
    }

    from_2d(g->dz2, dz2);
    from_2d(g->dW2, dW2);
    from_2d(g->dp1, dp1);
    from_2d(g->dz1, dz1);
    from_2d(g->dW1, dW1);

    free2d(x, N); free2d(z1, N); free2d(p1, N); free2d(W1, D); free2d(W2, H);
    free2d(dz2, N); free2d(p1T, H); free2d(dW2, H); free2d(regW2, H);
    free2d(W2T, C); free2d(dp1, N); free2d(dz1, N); free2d(xT, D); free2d(dW1, D);

    g->present = BP_GRADS_ALL;
    return 0;
}
