/* backward.c  -- Hausaufgabe 3 / homework 3
 * Lena Vogel
 *
 * To save memory the hidden gradient is one matrix, dh, that goes from
 * dp1 to dz1 in place (the relu just zeroes entries), so dp1 is copied
 * into g before it is overwritten.
 */

#include <stdlib.h>
#include "backprop/grads.h"

typedef struct {
    size_t rows, cols;
    double *v;
} Mat;

#define AT(m, i, j) ((m)->v[(i) * (m)->cols + (j)])

static Mat *mat_new(size_t rows, size_t cols)
{
    Mat *m = malloc(sizeof(Mat));
    m->rows = rows;
    m->cols = cols;
    m->v = calloc(rows * cols, sizeof(double));
    return m;
}

static void mat_free(Mat *m)
{
    free(m->v);
    free(m);
}

static Mat *mat_get_gsl(const gsl_matrix *a)
{
    Mat *m = mat_new(a->size1, a->size2);
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            AT(m, i, j) = gsl_matrix_get(a, i, j);
    return m;
}

static void mat_put_gsl(gsl_matrix *a, const Mat *m)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            gsl_matrix_set(a, i, j, AT(m, i, j));
}

/* R = A^T B */
static Mat *mul_AtB(const Mat *A, const Mat *B)
{
    Mat *R = mat_new(A->cols, B->cols);
    for (size_t i = 0; i < A->cols; i++)
        for (size_t j = 0; j < B->cols; j++) {
            double s = 0;
            for (size_t n = 0; n < A->rows; n++)
                s += AT(A, n, i) * AT(B, n, j);
            AT(R, i, j) = s;
        }
    return R;
}

/* R = A B^T */
static Mat *mul_ABt(const Mat *A, const Mat *B)
{
    Mat *R = mat_new(A->rows, B->rows);
    for (size_t i = 0; i < A->rows; i++)
        for (size_t j = 0; j < B->rows; j++) {
            double s = 0;
            for (size_t k = 0; k < A->cols; k++)
                s += AT(A, i, k) * AT(B, j, k);
            AT(R, i, j) = s;
        }
    return R;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *x = mat_get_gsl(X);
    Mat *z1 = mat_get_gsl(cache->z1);
    Mat *p1 = mat_get_gsl(cache->p1);
    Mat *prob = mat_get_gsl(cache->prob);
    Mat *W1 = mat_get_gsl(net->W1);
    Mat *W2 = mat_get_gsl(net->W2);

    /* output layer */
    Mat *ds = mat_new(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            AT(ds, i, j) = (AT(prob, i, j) - (j == y[i])) / (double) N;
    mat_put_gsl(g->dz2, ds);

    Mat *dW2 = mul_AtB(p1, ds);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            AT(dW2, i, j) += 2.0 * reg * AT(W2, i, j);
    mat_put_gsl(g->dW2, dW2);

    for (j = 0; j < C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += AT(ds, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* hidden layer */
    Mat *dh = mul_ABt(ds, W2);
    mat_put_gsl(g->dp1, dh);      /* keep dp1 before the relu */

    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += AT(dh, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    /* relu backward, in place */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (AT(z1, i, j) <= 0.0)
                AT(dh, i, j) = 0.0;
    mat_put_gsl(g->dz1, dh);

    Mat *dW1 = mul_AtB(x, dh);
    for (i = 0; i < dW1->rows * dW1->cols; i++)
        dW1->v[i] += 2.0 * reg * W1->v[i];
    mat_put_gsl(g->dW1, dW1);

    mat_free(x); mat_free(z1); mat_free(p1); mat_free(prob); mat_free(W1);
    mat_free(W2); mat_free(ds); mat_free(dW2); mat_free(dh); mat_free(dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
