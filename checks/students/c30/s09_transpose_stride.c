/* backward.c -- HW 3, problem 2 (backprop by hand)
 * Ahmed Hassan
 *
 * Notes to self:
 *  - weight gradients are A^T B products: mat_mul_tn does them directly
 *    without building the transpose (saves a copy of p1 and X)
 *  - dp1 needs W2^T: small matrix, just transpose it
 *  - my Mat is row-major like gsl, v[i*cols + j]
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/grads.h"

typedef struct {
    size_t rows;
    size_t cols;
    double *v;
} Mat;

#define MGET(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = (Mat *) malloc(sizeof(Mat));
    m->rows = rows;
    m->cols = cols;
    m->v = (double *) calloc(rows * cols, sizeof(double));
    return m;
}

static void mat_free(Mat *m)
{
    if (m == NULL)
        return;
    free(m->v);
    free(m);
}

static Mat *mat_of_gsl(const gsl_matrix *a)
{
    Mat *m = mat_new(a->size1, a->size2);
    size_t i, j;
    for (i = 0; i < a->size1; i++)
        for (j = 0; j < a->size2; j++)
            MGET(m, i, j) = gsl_matrix_get(a, i, j);
    return m;
}

static void gsl_of_mat(gsl_matrix *a, const Mat *m)
{
    size_t i, j;
    for (i = 0; i < m->rows; i++)
        for (j = 0; j < m->cols; j++)
            gsl_matrix_set(a, i, j, MGET(m, i, j));
}

/* T = A^T */
static Mat *mat_T(const Mat *A)
{
    Mat *T = mat_new(A->cols, A->rows);
    size_t i, j;
    for (i = 0; i < A->rows; i++)
        for (j = 0; j < A->cols; j++)
            T->v[j * T->rows + i] = A->v[i * A->cols + j];
    return T;
}

/* A * B */
static Mat *mat_mul(const Mat *A, const Mat *B)
{
    Mat *R = mat_new(A->rows, B->cols);
    size_t i, j, k;
    for (i = 0; i < A->rows; i++)
        for (j = 0; j < B->cols; j++) {
            double s = 0.0;
            for (k = 0; k < A->cols; k++)
                s += MGET(A, i, k) * MGET(B, k, j);
            MGET(R, i, j) = s;
        }
    return R;
}

/* A^T * B, A is (n x p), B is (n x q) -> (p x q) */
static Mat *mat_mul_tn(const Mat *A, const Mat *B)
{
    Mat *R = mat_new(A->cols, B->cols);
    size_t i, j, k;
    for (i = 0; i < A->cols; i++)
        for (j = 0; j < B->cols; j++) {
            double s = 0.0;
            for (k = 0; k < A->rows; k++)
                s += MGET(A, k, i) * MGET(B, k, j);
            MGET(R, i, j) = s;
        }
    return R;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *x = mat_of_gsl(X);
    Mat *z1 = mat_of_gsl(cache->z1);
    Mat *a1 = mat_of_gsl(cache->p1);
    Mat *P = mat_of_gsl(cache->prob);
    Mat *W1 = mat_of_gsl(net->W1);
    Mat *W2 = mat_of_gsl(net->W2);

    /* ---- dz2 ---- */
    Mat *dz2 = mat_new(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            MGET(dz2, i, j) = (MGET(P, i, j) - (j == y[i] ? 1.0 : 0.0)) / N;

    /* ---- dW2, db2 ---- */
    Mat *dW2 = mat_mul_tn(a1, dz2);
    for (i = 0; i < H * C; i++)
        dW2->v[i] += 2 * reg * W2->v[i];
    Mat *db2 = mat_new(1, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            MGET(db2, 0, j) += MGET(dz2, i, j);

    /* ---- dp1 = dz2 W2^T ---- */
    Mat *W2T = mat_T(W2);
    Mat *dp1 = mat_mul(dz2, W2T);

    /* ---- dz1 ---- */
    Mat *dz1 = mat_new(N, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (MGET(z1, i, j) > 0.0)
                MGET(dz1, i, j) = MGET(dp1, i, j);

    /* ---- dW1, db1 ---- */
    Mat *dW1 = mat_mul_tn(x, dz1);
    for (i = 0; i < dW1->rows * dW1->cols; i++)
        dW1->v[i] += 2 * reg * W1->v[i];
    Mat *db1 = mat_new(1, H);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            MGET(db1, 0, j) += MGET(dz1, i, j);

    /* ---- copy back ---- */
    gsl_of_mat(g->dz2, dz2);
    gsl_of_mat(g->dW2, dW2);
    gsl_of_mat(g->dp1, dp1);
    gsl_of_mat(g->dz1, dz1);
    gsl_of_mat(g->dW1, dW1);
    for (j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, MGET(db2, 0, j));
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, MGET(db1, 0, j));

    mat_free(x); mat_free(z1); mat_free(a1); mat_free(P); mat_free(W1);
    mat_free(W2); mat_free(dz2); mat_free(dW2); mat_free(db2); mat_free(W2T);
    mat_free(dp1); mat_free(dz1); mat_free(dW1); mat_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
