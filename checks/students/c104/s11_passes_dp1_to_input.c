// backprop for the two layer net -- MOOC C track, unit 4
// output_backward, hidden_backward, input_backward (from the example post)
// each layer function gets the upstream gradient as its first argument.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void output_backward(const gsl_matrix *prob, const size_t *y,
                            const gsl_matrix *p1, const gsl_matrix *W2, double reg,
                            gsl_matrix *dz2, gsl_matrix *dW2, gsl_vector *db2)
{
    size_t N = prob->size1, C = prob->size2;
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(prob, i, c);
            if (c == y[i])
                v -= 1.0;
            gsl_matrix_set(dz2, i, c, v / N);
        }
    }
    gsl_matrix_memcpy(dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2 * reg, dW2);
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(dz2, i, c);
        gsl_vector_set(db2, c, s);
    }
}

static void hidden_backward(const gsl_matrix *dz2, const gsl_matrix *W2,
                            const gsl_matrix *z1, gsl_matrix *dp1, gsl_matrix *dz1)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
    gsl_matrix_memcpy(dz1, dp1);
    for (size_t i = 0; i < z1->size1; i++)
        for (size_t j = 0; j < z1->size2; j++)
            if (gsl_matrix_get(z1, i, j) <= 0)
                gsl_matrix_set(dz1, i, j, 0);
}

static void input_backward(const gsl_matrix *dz1, const gsl_matrix *X,
                           const gsl_matrix *W1, double reg,
                           gsl_matrix *dW1, gsl_vector *db1)
{
    gsl_matrix_memcpy(dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2 * reg, dW1);
    for (size_t j = 0; j < dz1->size2; j++) {
        double s = 0;
        for (size_t i = 0; i < dz1->size1; i++)
            s += gsl_matrix_get(dz1, i, j);
        gsl_vector_set(db1, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    output_backward(cache->prob, y, cache->p1, net->W2, reg, g->dz2, g->dW2, g->db2);
    hidden_backward(g->dz2, net->W2, cache->z1, g->dp1, g->dz1);
    input_backward(g->dp1, X, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
