/* backward.c -- two layer net
 * grad buffers reused in place where possible (like inplace=True in torch)
 * to save copies.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

/* (softmax - onehot)/N, computed in place in grad (grad may be probs) */
static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad)
{
    size_t N = probs->size1;
    if (grad != probs)
        gsl_matrix_memcpy(grad, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(grad, i, y[i], gsl_matrix_get(grad, i, y[i]) - 1.0);
    gsl_matrix_scale(grad, 1.0 / N);
}

static void linear_backward(struct linear *lin, const gsl_matrix *x,
                            const gsl_matrix *grad_out, gsl_matrix *grad_x,
                            double reg)
{
    size_t N = grad_out->size1;

    gsl_matrix_memcpy(lin->dW, lin->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_out, 2 * reg, lin->dW);

    gsl_vector_set_zero(lin->db);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_const_view r = gsl_matrix_const_row(grad_out, n);
        gsl_blas_daxpy(1.0, &r.vector, lin->db);
    }

    if (grad_x)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, lin->W, 0.0, grad_x);
}

/* grad_x may be the same matrix as grad_out */
static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *x,
                          gsl_matrix *grad_x)
{
    for (size_t i = 0; i < x->size1; i++)
        for (size_t j = 0; j < x->size2; j++)
            if (gsl_matrix_get(x, i, j) > 0)
                gsl_matrix_set(grad_x, i, j, gsl_matrix_get(grad_out, i, j));
            else
                gsl_matrix_set(grad_x, i, j, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1 };
    struct linear fc2 = { net->W2, g->dW2, g->db2 };

    softmax_xent_backward(cache->prob, y, g->dz2);
    linear_backward(&fc2, cache->p1, g->dz2, g->dp1, reg);

    relu_backward(g->dp1, cache->z1, g->dp1);      /* in place */
    gsl_matrix_memcpy(g->dz1, g->dp1);

    linear_backward(&fc1, X, g->dz1, NULL, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
