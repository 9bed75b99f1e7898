/* backward.c -- HW3
 * Chen Wei
 *
 * Data term and regularisation term are kept apart (dW_data, dW) so that I
 * could print both while debugging, like the CS231n notes do.  Products
 * with gsl_blas on top of my own Mat buffers.
 */

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

typedef struct {
    size_t rows, cols;
    double *v;
} Mat;

#define MAT_AT(m, r, c) ((m)->v[(r) * (m)->cols + (c)])

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = malloc(sizeof(Mat));
    m->rows = rows;
    m->cols = cols;
    m->v = calloc(rows * cols, sizeof(double));
    return m;
}

static void mat_free(Mat *m) { free(m->v); free(m); }

static Mat *mat_load(const gsl_matrix *a)
{
    Mat *m = mat_new(a->size1, a->size2);
    for (size_t r = 0; r < a->size1; r++)
        for (size_t c = 0; c < a->size2; c++)
            MAT_AT(m, r, c) = gsl_matrix_get(a, r, c);
    return m;
}

static void mat_save(gsl_matrix *a, const Mat *m)
{
    for (size_t r = 0; r < m->rows; r++)
        memcpy(gsl_matrix_ptr(a, r, 0), m->v + r * m->cols,
               m->cols * sizeof(double));
}

/* C = op(A) op(B), gsl_blas on my buffers */
static Mat *mat_gemm(CBLAS_TRANSPOSE_t ta, const Mat *A,
                     CBLAS_TRANSPOSE_t tb, const Mat *B)
{
    size_t r = (ta == CblasTrans) ? A->cols : A->rows;
    size_t c = (tb == CblasTrans) ? B->rows : B->cols;
    Mat *C = mat_new(r, c);
    gsl_matrix_const_view a = gsl_matrix_const_view_array(A->v, A->rows, A->cols);
    gsl_matrix_const_view b = gsl_matrix_const_view_array(B->v, B->rows, B->cols);
    gsl_matrix_view cv = gsl_matrix_view_array(C->v, r, c);
    gsl_blas_dgemm(ta, tb, 1.0, &a.matrix, &b.matrix, 0.0, &cv.matrix);
    return C;
}

/* A + s*B, new matrix */
static Mat *mat_add_scaled(const Mat *A, double s, const Mat *B)
{
    Mat *R = mat_new(A->rows, A->cols);
    for (size_t k = 0; k < A->rows * A->cols; k++)
        R->v[k] = A->v[k] + s * B->v[k];
    return R;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *x = mat_load(X);
    Mat *z1 = mat_load(cache->z1);
    Mat *p1 = mat_load(cache->p1);
    Mat *prob = mat_load(cache->prob);
    Mat *W1 = mat_load(net->W1);
    Mat *W2 = mat_load(net->W2);

    /* scores */
    Mat *dz2 = mat_new(N, C);
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++)
            MAT_AT(dz2, i, c) = MAT_AT(prob, i, c) / (double) N;
        MAT_AT(dz2, i, y[i]) -= 1.0 / (double) N;
    }

    /* second layer */
    Mat *dW2_data = mat_gemm(CblasTrans, p1, CblasNoTrans, dz2);
    Mat *dW2 = mat_add_scaled(dW2_data, 2.0 * reg, W2);
    Mat *db2 = mat_new(1, C);
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            MAT_AT(db2, 0, c) += MAT_AT(dz2, i, c);

    /* hidden */
    Mat *dp1 = mat_gemm(CblasNoTrans, dz2, CblasTrans, W2);
    Mat *dz1 = mat_new(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            MAT_AT(dz1, i, h) = MAT_AT(z1, i, h) > 0 ? MAT_AT(dp1, i, h) : 0.0;

    /* first layer */
    Mat *dW1_data = mat_gemm(CblasTrans, x, CblasNoTrans, dz1);
    Mat *dW1 = mat_add_scaled(dW1_data, 2.0 * reg, W1);
    Mat *db1 = mat_new(1, H);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            MAT_AT(db1, 0, h) += MAT_AT(dz1, i, h);

    /* store */
    mat_save(g->dz2, dz2);
    mat_save(g->dW2, dW2_data);
    mat_save(g->dp1, dp1);
    mat_save(g->dz1, dz1);
    mat_save(g->dW1, dW1);
    for (size_t c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, MAT_AT(db2, 0, c));
    for (size_t h = 0; h < H; h++)
        gsl_vector_set(g->db1, h, MAT_AT(db1, 0, h));

    mat_free(x); mat_free(z1); mat_free(p1); mat_free(prob);
    mat_free(W1); mat_free(W2); mat_free(dz2); mat_free(dW2_data);
    mat_free(dW2); mat_free(db2); mat_free(dp1); mat_free(dz1);
    mat_free(dW1_data); mat_free(dW1); mat_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
