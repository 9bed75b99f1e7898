/*
 * backward.c  --  Marco R.
 *
 * The TA said a malloc per row is slow, so alloc2d makes ONE block for
 * the numbers and a table of row pointers into it. free2d frees both.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop/grads.h"

static double **alloc2d(int rows, int cols)
{
    double **rowPtr = malloc(rows * sizeof(double *));
    double *block = calloc((size_t) rows * cols, sizeof(double));
    for (int r = 0; r < rows; r++)
        rowPtr[r] = block + (size_t) r * cols;
    return rowPtr;
}

static void free2d(double **a)
{
    free(a[0]);   /* the block */
    free(a);
}

/* copy a gsl matrix (any tda) into a fresh 2-D array */
static double **to2d(const gsl_matrix *m)
{
    double **a = alloc2d((int) m->size1, (int) m->size2);
    for (size_t r = 0; r < m->size1; r++)
        memcpy(a[r], m->data + r * m->tda, m->size2 * sizeof(double));
    return a;
}

static void from2d(double **a, gsl_matrix *m)
{
    for (size_t r = 0; r < m->size1; r++)
        memcpy(m->data + r * m->tda, a[r], m->size2 * sizeof(double));
}

/* out = A^T * B, without building A^T.  A is (n x m), B is (n x k). */
static double **matmulTN(double **A, int n, int m, double **B, int k)
{
    double **out = alloc2d(m, k);
    for (int s = 0; s < n; s++)
        for (int i = 0; i < m; i++)
            for (int j = 0; j < k; j++)
                out[i][j] += A[s][i] * B[s][j];
    return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;

    double **x = to2d(X);
    double **p1 = to2d(cache->p1);
    double **w1 = to2d(net->W1);
    double **w2 = to2d(net->W2);

    /* scores gradient, 1/N because the loss is the average */
    double **dz2 = to2d(cache->prob);
    for (int i = 0; i < N; i++) {
        dz2[i][y[i]] -= 1.0;
        for (int c = 0; c < C; c++)
            dz2[i][c] *= 1.0 / N;
    }

    double **dW2 = matmulTN(p1, N, H, dz2, C);
    for (int h = 0; h < H; h++)
        for (int c = 0; c < C; c++)
            dW2[h][c] += 2 * reg * w2[h][c];

    /* dp1[i][h] = sum_c dz2[i][c] * W2[h][c]   (that's dz2 * W2^T) */
    double **dp1 = alloc2d(N, H);
    for (int i = 0; i < N; i++)
        for (int h = 0; h < H; h++)
            for (int c = 0; c < C; c++)
                dp1[i][h] += dz2[i][c] * w2[h][c];

    /* relu: p1 > 0 exactly where z1 > 0, so p1 works as the mask */
    double **dz1 = alloc2d(N, H);
    for (int i = 0; i < N; i++)
        for (int h = 0; h < H; h++)
            if (p1[i][h] > 0.0)
                dz1[i][h] = dp1[i][h];

    double **dW1 = matmulTN(x, N, D, dz1, H);
    for (int d = 0; d < D; d++)
        for (int h = 0; h < H; h++)
            dW1[d][h] += 2 * reg * w1[d][h];

    /* biases: column sums */
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);
    for (int i = 0; i < N; i++) {
        for (int c = 0; c < C; c++)
            g->db2->data[c * g->db2->stride] += dz2[i][c];
        for (int h = 0; h < H; h++)
            g->db1->data[h * g->db1->stride] += dz1[i][h];
    }

    from2d(dz2, g->dz2);
    from2d(dW2, g->dW2);
    from2d(dp1, g->dp1);
    from2d(dz1, g->dz1);
    from2d(dW1, g->dW1);

    free2d(x); free2d(p1); free2d(w1); free2d(w2);
    free2d(dz2); free2d(dW2); free2d(dp1); free2d(dz1); free2d(dW1);
    g->present = BP_GRADS_ALL;
    return 0;
}
