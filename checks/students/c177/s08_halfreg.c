/*
 * backward.c -- two layer net, backward pass (HW3)
 * helpers first ("numpy in C"), then the backward pass, one numpy line
 * per C line where possible.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = a @ b  with transposes */
static void np_dot(const gsl_matrix *a, const gsl_matrix *b, gsl_matrix *out,
                   int trans_a, int trans_b)
{
    gsl_blas_dgemm(trans_a ? CblasTrans : CblasNoTrans,
                   trans_b ? CblasTrans : CblasNoTrans, 1.0, a, b, 0.0, out);
}

/* out = a.sum(axis=0) */
static void np_sum_axis0(const gsl_matrix *a, gsl_vector *out)
{
    for (size_t j = 0; j < a->size2; j++)
    {
        double s = 0.0;
        for (size_t i = 0; i < a->size1; i++)
            s += *gsl_matrix_const_ptr(a, i, j);
        *gsl_vector_ptr(out, j) = s;
    }
}

/* out = np.where(c > 0, a, 0) */
static void np_where_positive(const gsl_matrix *c, const gsl_matrix *a, gsl_matrix *out)
{
    for (size_t i = 0; i < a->size1; i++)
        for (size_t j = 0; j < a->size2; j++)
            *gsl_matrix_ptr(out, i, j) = *gsl_matrix_const_ptr(c, i, j) > 0.0
                                         ? *gsl_matrix_const_ptr(a, i, j) : 0.0;
}

/* dW += gradient of the reg term, reg * sum(W*W) -> d/dW */
static void np_reg_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t i = 0; i < W->size1; i++)
        for (size_t j = 0; j < W->size2; j++)
            *gsl_matrix_ptr(dW, i, j) += reg * *gsl_matrix_const_ptr(W, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* scores gradient */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
    {
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* second layer */
    np_dot(cache->p1, g->dz2, g->dW2, 1, 0);
    np_reg_grad(g->dW2, net->W2, reg);
    np_sum_axis0(g->dz2, g->db2);

    /* hidden layer */
    np_dot(g->dz2, net->W2, g->dp1, 0, 1);
    np_where_positive(cache->z1, g->dp1, g->dz1);

    /* first layer */
    np_dot(X, g->dz1, g->dW1, 1, 0);
    np_reg_grad(g->dW1, net->W1, reg);
    np_sum_axis0(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
