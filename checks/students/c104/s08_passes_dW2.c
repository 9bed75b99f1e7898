// Week 4: backprop through the 2-layer net.
// output_backward / hidden_backward / input_backward take the arrays they
// work on as arguments, like in the example, so they could be reused for a
// deeper net later.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void output_backward(const gsl_matrix *probs, const size_t *y,
                            const gsl_matrix *h, const gsl_matrix *W, double reg,
                            gsl_matrix *dscores, gsl_matrix *dW, gsl_vector *db)
{
    size_t N = probs->size1;
    gsl_matrix_memcpy(dscores, probs);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(dscores, i, y[i]) -= 1.0;
    gsl_matrix_scale(dscores, 1.0 / N);

    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, h, dscores, 2.0 * reg, dW);

    gsl_vector_set_zero(db);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dscores, i);
        gsl_vector_add(db, &r.vector);
    }
}

// dh = dscores * W^T ; dpre = dh * relu'(pre)
static void hidden_backward(const gsl_matrix *dscores, const gsl_matrix *W,
                            const gsl_matrix *pre, gsl_matrix *dh, gsl_matrix *dpre)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, W, 0.0, dh);
    for (size_t i = 0; i < pre->size1; i++)
        for (size_t j = 0; j < pre->size2; j++)
            gsl_matrix_set(dpre, i, j,
                           gsl_matrix_get(pre, i, j) > 0 ? gsl_matrix_get(dh, i, j) : 0.0);
}

static void input_backward(const gsl_matrix *dpre, const gsl_matrix *x,
                           const gsl_matrix *W, double reg,
                           gsl_matrix *dW, gsl_vector *db)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, dpre, 2.0 * reg, dW);
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < dpre->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dpre, i);
        gsl_vector_add(db, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    output_backward(cache->prob, y, cache->p1, net->W2, reg, g->dz2, g->dW2, g->db2);
    // back through layer 2 into the hidden layer
    hidden_backward(g->dz2, g->dW2, cache->z1, g->dp1, g->dz1);
    input_backward(g->dz1, X, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
