# include <stdlib.h>
# include "backprop/grads.h"

/*
 * backward.c  (Chen Y.)
 * 2-D array helpers first, then backward() at the bottom.
 */

double **alloc2d(size_t n, size_t m)
{
    double **A = malloc(n * sizeof(double *));
    for (size_t i = 0; i < n; i++)
        A[i] = calloc(m, sizeof(double));   /* calloc -> starts at 0 */
    return A;
}

void free2d(double **A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(A[i]);
    free(A);
}

double **to_2d(const gsl_matrix *M)
{
    double **A = alloc2d(M->size1, M->size2);
    for (size_t i = 0; i < M->size1; i++)
        for (size_t j = 0; j < M->size2; j++)
            A[i][j] = gsl_matrix_get(M, i, j);
    return A;
}

void from_2d(gsl_matrix *M, double **A)
{
    for (size_t i = 0; i < M->size1; i++)
        for (size_t j = 0; j < M->size2; j++)
            gsl_matrix_set(M, i, j, A[i][j]);
}

/* C = A @ B  (n x m) @ (m x k) */
double **matmul(double **A, size_t n, size_t m, double **B, size_t mB, size_t k)
{
    (void) mB;
    double **Cm = alloc2d(n, k);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            for (size_t p = 0; p < m; p++)
                Cm[i][j] += A[i][p] * B[p][j];
    return Cm;
}

double **transpose(double **A, size_t n, size_t m)
{
    double **T = alloc2d(m, n);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            T[i][j] = A[j][i];
    return T;
}

/* np.sum(A, axis=0, out=out).  out is a gsl vector of g, and g comes
 * zeroed from bp_grads_alloc (calloc), so just add into it. */
void sum_axis0(double **A, size_t n, size_t m, gsl_vector *out)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            out->data[j * out->stride] += A[i][j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    double **x = to_2d(X);
    double **z1 = to_2d(cache->z1);
    double **p1 = to_2d(cache->p1);
    double **W2 = to_2d(net->W2);

    double **dz2 = to_2d(cache->prob);
    for (size_t i = 0; i < N; i++)
    {
        dz2[i][y[i]] -= 1.0;
        for (size_t j = 0; j < C; j++)
            dz2[i][j] /= N;
    }

    double **p1T = transpose(p1, N, H);
    double **dW2 = matmul(p1T, H, N, dz2, N, C);
    for (size_t i = 0; i < H; i++)
        for (size_t j = 0; j < C; j++)
            dW2[i][j] += 2.0 * reg * W2[i][j];
    sum_axis0(dz2, N, C, g->db2);

    double **W2T = transpose(W2, H, C);
    double **dp1 = matmul(dz2, N, C, W2T, C, H);
    double **dz1 = alloc2d(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (z1[i][j] > 0.0)
                dz1[i][j] = dp1[i][j];

    double **xT = transpose(x, N, D);
    double **dW1 = matmul(xT, D, N, dz1, N, H);
    for (size_t i = 0; i < D; i++)
        for (size_t j = 0; j < H; j++)
            dW1[i][j] += 2.0 * reg * gsl_matrix_get(net->W1, i, j);
    sum_axis0(dz1, N, H, g->db1);

    from_2d(g->dz2, dz2);
    from_2d(g->dW2, dW2);
    from_2d(g->dp1, dp1);
    from_2d(g->dz1, dz1);
    from_2d(g->dW1, dW1);

    free2d(x, N); free2d(z1, N); free2d(p1, N); free2d(W2, H);
    free2d(dz2, N); free2d(p1T, H); free2d(dW2, H); free2d(W2T, C);
    free2d(dp1, N); free2d(dz1, N); free2d(xT, D); free2d(dW1, D);
    g->present = BP_GRADS_ALL;
    return 0;
}
