/* Assignment 4 -- backward pass
 * Name: ...   Group B
 *
 * Every gradient has its own helper as asked. The bias gradients add
 * up the rows of dz with row views.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void grad_dz2(const gsl_matrix *prob, const size_t *y, size_t N, gsl_matrix *dz2)
{
    for (size_t n = 0; n < N; n++) {
        for (size_t c = 0; c < prob->size2; c++) {
            double v = gsl_matrix_get(prob, n, c);
            if (c == y[n]) v -= 1;
            gsl_matrix_set(dz2, n, c, v / N);
        }
    }
}

static void grad_dW2(const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
                     double reg, gsl_matrix *dW2)
{
    for (size_t h = 0; h < W2->size1; h++) {
        for (size_t c = 0; c < W2->size2; c++) {
            double acc = 0;
            for (size_t n = 0; n < dz2->size1; n++)
                acc += gsl_matrix_get(p1, n, h) * gsl_matrix_get(dz2, n, c);
            gsl_matrix_set(dW2, h, c, acc + 2 * reg * gsl_matrix_get(W2, h, c));
        }
    }
}

static void grad_db2(const gsl_matrix *dz2, size_t N, gsl_vector *db2)
{
    gsl_vector_set_zero(db2);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dz2, n);
        gsl_vector_add(db2, &row.vector);
    }
    gsl_vector_scale(db2, 1.0 / N);   /* average over the batch */
}

static void grad_dp1(const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
    for (size_t n = 0; n < dz2->size1; n++) {
        for (size_t h = 0; h < W2->size1; h++) {
            double acc = 0;
            for (size_t c = 0; c < W2->size2; c++)
                acc += gsl_matrix_get(dz2, n, c) * gsl_matrix_get(W2, h, c);
            gsl_matrix_set(dp1, n, h, acc);
        }
    }
}

static void grad_dz1(const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
    for (size_t n = 0; n < z1->size1; n++)
        for (size_t h = 0; h < z1->size2; h++)
            gsl_matrix_set(dz1, n, h,
                           gsl_matrix_get(z1, n, h) > 0 ? gsl_matrix_get(dp1, n, h) : 0);
}

static void grad_dW1(const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
                     double reg, gsl_matrix *dW1)
{
    for (size_t d = 0; d < W1->size1; d++) {
        for (size_t h = 0; h < W1->size2; h++) {
            double acc = 0;
            for (size_t n = 0; n < X->size1; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(dz1, n, h);
            gsl_matrix_set(dW1, d, h, acc + 2 * reg * gsl_matrix_get(W1, d, h));
        }
    }
}

static void grad_db1(const gsl_matrix *dz1, size_t N, gsl_vector *db1)
{
    gsl_vector_set_zero(db1);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view row = gsl_matrix_const_row(dz1, n);
        gsl_vector_add(db1, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    grad_dz2(cache->prob, y, N, g->dz2);
    grad_dW2(cache->p1, g->dz2, net->W2, reg, g->dW2);
    grad_db2(g->dz2, N, g->db2);
    grad_dp1(g->dz2, net->W2, g->dp1);
    grad_dz1(g->dp1, cache->z1, g->dz1);
    grad_dW1(X, g->dz1, net->W1, reg, g->dW1);
    grad_db1(g->dz1, N, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
