/*
 * HW3 -- backward pass of the two layer net
 * Aisha Bello
 *
 * Own Mat struct for the elementwise parts (softmax gradient, relu),
 * gsl_blas_dgemm for the matrix products: I wrap my buffers in gsl views
 * so blas writes straight into my matrices.
 */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>

#include "backprop/grads.h"

typedef struct {
    size_t rows, cols;
    double *v;
} Mat;

#define MAT_GET(m, i, j)    ((m)->v[(i) * (m)->cols + (j)])
#define MAT_SET(m, i, j, x) ((m)->v[(i) * (m)->cols + (j)] = (x))

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = malloc(sizeof *m);
    m->rows = rows;
    m->cols = cols;
    m->v = calloc(rows * cols, sizeof(double));
    return m;
}

static void mat_free(Mat *m)
{
    if (!m)
        return;
    free(m->v);
    free(m);
}

static gsl_matrix_view mat_view(Mat *m)
{
    return gsl_matrix_view_array(m->v, m->rows, m->cols);
}

static Mat *mat_dup_gsl(const gsl_matrix *a)
{
    Mat *m = mat_new(a->size1, a->size2);
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            MAT_SET(m, i, j, gsl_matrix_get(a, i, j));
    return m;
}

static void mat_copy_back(gsl_matrix *dst, const Mat *src)
{
    for (size_t i = 0; i < src->rows; i++)
        for (size_t j = 0; j < src->cols; j++)
            gsl_matrix_set(dst, i, j, MAT_GET(src, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    Mat *x = mat_dup_gsl(X);
    Mat *a = mat_dup_gsl(cache->p1);
    Mat *prob = mat_dup_gsl(cache->prob);
    Mat *W1 = mat_dup_gsl(net->W1);
    Mat *W2 = mat_dup_gsl(net->W2);

    gsl_matrix_view xv = mat_view(x), av = mat_view(a);
    gsl_matrix_view W1v = mat_view(W1), W2v = mat_view(W2);

    /* (1) dz2 */
    Mat *dz2 = mat_new(N, C);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            MAT_SET(dz2, i, j, MAT_GET(prob, i, j) / (double) N);
    for (size_t i = 0; i < N; i++)
        MAT_GET(dz2, i, y[i]) -= 1.0 / (double) N;
    gsl_matrix_view dz2v = mat_view(dz2);

    /* (2) dW2 = a^T dz2 + 2 reg W2 : start from W2 and let blas scale it */
    Mat *dW2 = mat_new(H, C);
    memcpy(dW2->v, W2->v, H * C * sizeof(double));
    gsl_matrix_view dW2v = mat_view(dW2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &av.matrix, &dz2v.matrix,
                   2.0 * reg, &dW2v.matrix);

    /* (3) db2 */
    Mat *db2 = mat_new(1, C);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < C; j++)
            MAT_GET(db2, 0, j) += MAT_GET(dz2, i, j);

    /* (4) dp1 = dz2 W2^T */
    Mat *dp1 = mat_new(N, H);
    gsl_matrix_view dp1v = mat_view(dp1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2v.matrix, &W2v.matrix,
                   0.0, &dp1v.matrix);

    /* (5) dz1: relu backward */
    Mat *dz1 = mat_new(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double d = MAT_GET(dp1, i, j);
            MAT_SET(dz1, i, j, d > 0.0 ? d : 0.0);
        }
    gsl_matrix_view dz1v = mat_view(dz1);

    /* (6) dW1 = x^T dz1 + 2 reg W1 */
    Mat *dW1 = mat_new(D, H);
    memcpy(dW1->v, W1->v, D * H * sizeof(double));
    gsl_matrix_view dW1v = mat_view(dW1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &xv.matrix, &dz1v.matrix,
                   2.0 * reg, &dW1v.matrix);

    /* (7) db1 */
    Mat *db1 = mat_new(1, H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            MAT_GET(db1, 0, j) += MAT_GET(dz1, i, j);

    mat_copy_back(g->dz2, dz2);
    mat_copy_back(g->dW2, dW2);
    mat_copy_back(g->dp1, dp1);
    mat_copy_back(g->dz1, dz1);
    mat_copy_back(g->dW1, dW1);
    for (size_t j = 0; j < C; j++)
        gsl_vector_set(g->db2, j, MAT_GET(db2, 0, j));
    for (size_t j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, MAT_GET(db1, 0, j));

    (void) W1v;
    (void) W2v;   /* W2v is used above, W1v was for the old version */

    mat_free(x); mat_free(a); mat_free(prob); mat_free(W1); mat_free(W2);
    mat_free(dz2); mat_free(dW2); mat_free(db2); mat_free(dp1);
    mat_free(dz1); mat_free(dW1); mat_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
