/*
 * backward.c - Ahmed F.
 *
 * Everything is done on plain 2-D arrays ("lists of lists").
 * GSL -> to_2d -> math -> from_2d -> GSL.
 */
#include <stdlib.h>
#include "backprop/grads.h"

/*
 * alloc2d(rows, cols)
 *     Returns a rows x cols array filled with 0.0.
 */
static double **alloc2d(size_t rows, size_t cols)
{
    double **a = malloc(rows * sizeof(double *));
    for (size_t i = 0; i < rows; i++)
        a[i] = calloc(cols, sizeof(double));
    return a;
}

/*
 * free2d(a, rows)
 *     Frees every row, then the row table.
 */
static void free2d(double **a, size_t rows)
{
    for (size_t i = 0; i < rows; i++)
        free(a[i]);
    free(a);
}

/*
 * to_2d(m)
 *     Returns a new 2-D array holding a copy of m.
 */
static double **to_2d(const gsl_matrix *m)
{
    double **a = alloc2d(m->size1, m->size2);
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++)
            a[i][j] = gsl_matrix_get(m, i, j);
    return a;
}

/*
 * from_2d(a, m)
 *     Copies a into m (a must have m's shape).
 */
static void from_2d(double **a, gsl_matrix *m)
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++)
            gsl_matrix_set(m, i, j, a[i][j]);
}

/*
 * matmul(A, n, m, B, m, k)
 *     Returns A @ B where A is n x m and B is m x k.
 */
static double **matmul(double **A, size_t n, size_t m,
                       double **B, size_t mb, size_t k)
{
    (void) mb;
    double **out = alloc2d(n, k);
    for (size_t i = 0; i < n; i++)
        for (size_t p = 0; p < m; p++)
            for (size_t j = 0; j < k; j++)
                out[i][j] += A[i][p] * B[p][j];
    return out;
}

/*
 * transpose(A, n, m)
 *     Returns A.T (m x n).
 */
static double **transpose(double **A, size_t n, size_t m)
{
    double **t = alloc2d(m, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++)
            t[j][i] = A[i][j];
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_samples = X->size1, n_features = net->D;
    size_t n_hidden = net->H, n_classes = net->C;

    double **x = to_2d(X);
    double **z1 = to_2d(cache->z1);
    double **p1 = to_2d(cache->p1);
    double **w2 = to_2d(net->W2);

    /* dz2 */
    double **dz2 = to_2d(cache->prob);
    for (size_t i = 0; i < n_samples; i++) {
        dz2[i][y[i]] -= 1.0;
        for (size_t j = 0; j < n_classes; j++)
            dz2[i][j] /= (double) n_samples;
    }

    /* dW2 and db2 */
    double **p1_t = transpose(p1, n_samples, n_hidden);
    double **dw2 = matmul(p1_t, n_hidden, n_samples, dz2, n_samples, n_classes);
    for (size_t j = 0; j < n_classes; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n_samples; i++)
            s += dz2[i][j];
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 and dz1 (relu) */
    double **w2_t = transpose(w2, n_hidden, n_classes);
    double **dp1 = matmul(dz2, n_samples, n_classes, w2_t, n_classes, n_hidden);
    double **dz1 = alloc2d(n_samples, n_hidden);
    for (size_t i = 0; i < n_samples; i++)
        for (size_t j = 0; j < n_hidden; j++)
            dz1[i][j] = (z1[i][j] > 0.0) ? dp1[i][j] : 0.0;

    /* dW1 and db1 */
    double **x_t = transpose(x, n_samples, n_features);
    double **dw1 = matmul(x_t, n_features, n_features, dz1, n_samples, n_hidden);
    for (size_t j = 0; j < n_hidden; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n_samples; i++)
            s += dz1[i][j];
        gsl_vector_set(g->db1, j, s);
    }

    from_2d(dz2, g->dz2);
    from_2d(dw2, g->dW2);
    from_2d(dp1, g->dp1);
    from_2d(dz1, g->dz1);
    from_2d(dw1, g->dW1);

    /* L2: loss has reg * sum(W^2), so the gradient is 2 * reg * W */
    for (size_t i = 0; i < n_features; i++)
        for (size_t j = 0; j < n_hidden; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
    for (size_t i = 0; i < n_hidden; i++)
        for (size_t j = 0; j < n_classes; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

    free2d(x, n_samples); free2d(z1, n_samples); free2d(p1, n_samples);
    free2d(w2, n_hidden); free2d(dz2, n_samples); free2d(p1_t, n_hidden);
    free2d(dw2, n_hidden); free2d(w2_t, n_classes); free2d(dp1, n_samples);
    free2d(dz1, n_samples); free2d(x_t, n_features); free2d(dw1, n_features);

    g->present = BP_GRADS_ALL;
    return 0;
}
