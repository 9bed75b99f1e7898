// backward.c - backward pass for the 2-layer net (assignment 3)
//
// Coming from Rust: I tried to keep every helper small and pure, inputs
// const, outputs written only through the one &mut-like pointer.
// Matrix products go through BLAS.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double one_hot(const size_t label, const size_t k)
{
    return label == k ? 1.0 : 0.0;
}

// out = (prob - onehot(y)) / n
static void loss_grad(const gsl_matrix *const prob, const size_t *const y,
                      gsl_matrix *const out)
{
    const size_t n = prob->size1;
    const double inv_n = 1.0 / (double)n;
    for (size_t i = 0; i < n; ++i) {
        for (size_t k = 0; k < prob->size2; ++k) {
            const double p = gsl_matrix_get(prob, i, k);
            gsl_matrix_set(out, i, k, (p - one_hot(y[i], k)) * inv_n);
        }
    }
}

// out = input^T * upstream + 2 * reg * weights
static int weight_grad(const gsl_matrix *const input, const gsl_matrix *const upstream,
                       const gsl_matrix *const weights, const double reg,
                       gsl_matrix *const out)
{
    const int rc = gsl_matrix_memcpy(out, weights);
    if (rc != 0)
        return rc;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, input, upstream,
                          2.0 * reg, out);
}

// out[j] = sum_i upstream[i][j]
static void bias_grad(const gsl_matrix *const upstream, gsl_vector *const out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < upstream->size1; ++i) {
        const gsl_vector_const_view row = gsl_matrix_const_row(upstream, i);
        gsl_vector_add(out, &row.vector);
    }
}

static double relu_deriv(const double z)
{
    return z > 0.0 ? 1.0 : 0.0;
}

// out = upstream .* relu'(pre)
static void relu_grad(const gsl_matrix *const upstream, const gsl_matrix *const pre,
                      gsl_matrix *const out)
{
    for (size_t i = 0; i < out->size1; ++i)
        for (size_t j = 0; j < out->size2; ++j)
            gsl_matrix_set(out, i, j,
                           gsl_matrix_get(upstream, i, j) * relu_deriv(gsl_matrix_get(pre, i, j)));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1;
    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    loss_grad(cache->prob, y, g->dz2);

    int rc = weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    if (rc != 0)
        return rc;
    bias_grad(g->dz2, g->db2);

    rc = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (rc != 0)
        return rc;

    relu_grad(g->dp1, cache->z1, g->dz1);

    rc = weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    if (rc != 0)
        return rc;
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
