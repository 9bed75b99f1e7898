#include "backprop.h"

/* ---- small helpers ---- */

/* out = A^T B   (A is n x a, B is n x b, out is a x b) */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < out->size1; r++)
        for (size_t c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (size_t k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, r) * gsl_matrix_get(B, k, c);
            gsl_matrix_set(out, r, c, s);
        }
}

/* out = A B^T   (A is n x k, B is m x k, out is n x m) */
static void matmul_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t r = 0; r < out->size1; r++)
        for (size_t c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (size_t k = 0; k < A->size2; k++)
                s += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            gsl_matrix_set(out, r, c, s);
        }
}

/* column sums of A into v */
static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t c = 0; c < A->size2; c++) {
        double s = 0.0;
        for (size_t r = 0; r < A->size1; r++)
            s += gsl_matrix_get(A, r, c);
        gsl_vector_set(v, c, s);
    }
}

/* regularization gradient: d/dW (reg * W^2) */
static void add_reg_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < W->size1; r++)
        for (size_t c = 0; c < W->size2; c++)
            gsl_matrix_set(dW, r, c, gsl_matrix_get(dW, r, c) + reg * gsl_matrix_get(W, r, c));
}

/* ---- the backward pass ---- */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (softmax - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    matmul_tn(cache->p1, g->dz2, g->dW2);
    add_reg_grad(g->dW2, net->W2, reg);
    colsum(g->dz2, g->db2);

    matmul_nt(g->dz2, net->W2, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    matmul_tn(X, g->dz1, g->dW1);
    add_reg_grad(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
