// backward.c
// HW3 Q2 -- Kevin Nguyen
//
// mostly my own Mat code; for the last product X^T dz1 I tried gsl_blas
// (X is already a gsl matrix so no copy needed) and it matched my loop
// version on the toy example, so I kept it.

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

typedef struct { size_t rows, cols; double *v; } Mat;

#define AT(m, i, j) ((m)->v[(i)*(m)->cols + (j)])

static Mat *new_mat(size_t r, size_t c)
{
    Mat *m = malloc(sizeof(Mat));
    m->rows = r;
    m->cols = c;
    m->v = calloc(r * c, sizeof(double));
    return m;
}

static void del_mat(Mat *m) { free(m->v); free(m); }

static Mat *load(const gsl_matrix *a)
{
    Mat *m = new_mat(a->size1, a->size2);
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            AT(m, i, j) = gsl_matrix_get(a, i, j);
    return m;
}

static void store(gsl_matrix *a, const Mat *m)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++)
            gsl_matrix_set(a, i, j, AT(m, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    Mat *h = load(cache->p1);
    Mat *prob = load(cache->prob);
    Mat *W2 = load(net->W2);

    // dz2
    Mat *dz2 = new_mat(N, C);
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            double ind = (c == y[i]) ? 1.0 : 0.0;
            AT(dz2, i, c) = (AT(prob, i, c) - ind) / (double) N;
        }

    // dW2[k][c] = sum_i h[i][k] * dz2[i][c]  + 2 reg W2
    Mat *dW2 = new_mat(H, C);
    for (size_t k = 0; k < H; k++)
        for (size_t c = 0; c < C; c++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += AT(h, i, k) * AT(dz2, i, c);
            AT(dW2, k, c) = s + 2 * reg * AT(W2, k, c);
        }

    // db2
    Mat *db2 = new_mat(1, C);
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            AT(db2, 0, c) += AT(dz2, i, c);

    // dp1[i][k] = sum_c dz2[i][c] * W2[k][c]
    Mat *dp1 = new_mat(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++) {
            double s = 0;
            for (size_t c = 0; c < C; c++)
                s += AT(dz2, i, c) * AT(W2, k, c);
            AT(dp1, i, k) = s;
        }

    // relu backward: only where the unit was active
    Mat *dz1 = new_mat(N, H);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            AT(dz1, i, k) = AT(h, i, k) >= 0 ? AT(dp1, i, k) : 0;

    // db1
    Mat *db1 = new_mat(1, H);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            AT(db1, 0, k) += AT(dz1, i, k);

    // copy back what I have so far
    store(g->dz2, dz2);
    store(g->dW2, dW2);
    store(g->dp1, dp1);
    store(g->dz1, dz1);
    for (size_t c = 0; c < C; c++)
        gsl_vector_set(g->db2, c, AT(db2, 0, c));
    for (size_t k = 0; k < H; k++)
        gsl_vector_set(g->db1, k, AT(db1, 0, k));

    // dW1 = X^T dz1 + 2 reg W1, straight into g with blas
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    del_mat(h); del_mat(prob); del_mat(W2); del_mat(dz2); del_mat(dW2);
    del_mat(db2); del_mat(dp1); del_mat(dz1); del_mat(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
