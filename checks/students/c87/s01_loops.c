/* backward.c -- lab 4, two layer net backward pass
 * one function per gradient like in the lecture, plain loops */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = (prob - onehot(y)) / N */
static void grad_dz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
    size_t N = prob->size1, C = prob->size2;
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(prob, i, c);
            if (c == y[i])
                v -= 1.0;
            gsl_matrix_set(dz2, i, c, v / (double)N);
        }
    }
}

/* dW = A^T dZ + 2 reg W, used for W2 (A = p1) */
static void grad_dW2(gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                     const gsl_matrix *W2, double reg)
{
    size_t N = p1->size1, H = p1->size2, C = dz2->size2;
    for (size_t h = 0; h < H; h++) {
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(p1, i, h) * gsl_matrix_get(dz2, i, c);
            gsl_matrix_set(dW2, h, c, s + 2.0 * reg * gsl_matrix_get(W2, h, c));
        }
    }
}

static void grad_db2(gsl_vector *db2, const gsl_matrix *dz2)
{
    for (size_t c = 0; c < dz2->size2; c++) {
        double s = 0.0;
        for (size_t i = 0; i < dz2->size1; i++)
            s += gsl_matrix_get(dz2, i, c);
        gsl_vector_set(db2, c, s);
    }
}

/* dp1 = dz2 W2^T */
static void grad_dp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
    size_t N = dz2->size1, C = dz2->size2, H = W2->size1;
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += gsl_matrix_get(dz2, i, c) * gsl_matrix_get(W2, h, c);
            gsl_matrix_set(dp1, i, h, s);
        }
    }
}

/* relu: gradient only flows where z1 was positive */
static void grad_dz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
    for (size_t i = 0; i < z1->size1; i++)
        for (size_t h = 0; h < z1->size2; h++)
            gsl_matrix_set(dz1, i, h,
                           gsl_matrix_get(z1, i, h) > 0 ? gsl_matrix_get(dp1, i, h) : 0.0);
}

static void grad_dW1(gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                     const gsl_matrix *W1, double reg)
{
    size_t N = X->size1, D = X->size2, H = dz1->size2;
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(dz1, i, h);
            gsl_matrix_set(dW1, d, h, s + 2.0 * reg * gsl_matrix_get(W1, d, h));
        }
    }
}

static void grad_db1(gsl_vector *db1, const gsl_matrix *dz1)
{
    for (size_t h = 0; h < dz1->size2; h++) {
        double s = 0.0;
        for (size_t i = 0; i < dz1->size1; i++)
            s += gsl_matrix_get(dz1, i, h);
        gsl_vector_set(db1, h, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    grad_dz2(g->dz2, cache->prob, y);
    grad_dW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
    grad_db2(g->db2, g->dz2);
    grad_dp1(g->dp1, g->dz2, net->W2);
    grad_dz1(g->dz1, g->dp1, cache->z1);
    grad_dW1(g->dW1, X, g->dz1, net->W1, reg);
    grad_db1(g->db1, g->dz1);

    g->present = BP_GRADS_ALL;
    return 0;
}
