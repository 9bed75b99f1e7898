/*
 * backward.c  (作业3)
 * 正则项单独写了一个函数, dW1 和 dW2 都调用它
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* 正则项 reg*|W|^2 对 W 的导数, 加到 dW 上 */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            gsl_matrix_set(dW, r, c, gsl_matrix_get(dW, r, c) + reg * gsl_matrix_get(W, r, c));
}

/* C = A^T B, A (n,p) B (n,q) C (p,q) */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++)
        for (j = 0; j < B->size2; j++) {
            double s = 0.0;
            for (k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(Cm, i, j, s);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j,
                           (gsl_matrix_get(cache->prob, i, j) - (j == y[i])) / N);

    /* dW2, db2 */
    matmul_tn(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1, dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? s : 0.0);
        }

    /* dW1, db1 */
    matmul_tn(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
