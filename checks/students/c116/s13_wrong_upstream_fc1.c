/* ---------------------------------------------------------------
 * backward pass for the 2-layer net
 *   scores = relu(X W1 + b1) W2 + b2 ,  loss = CE(scores) + reg(|W1|^2+|W2|^2)
 * grad_hidden : dL/d(relu output)   grad_pre : dL/d(before relu)
 * --------------------------------------------------------------- */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

static void softmax_xent_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *grad)
{
    size_t N = prob->size1, C = prob->size2;
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(prob, i, c);
            if (c == y[i]) v -= 1.0;
            gsl_matrix_set(grad, i, c, v / N);
        }
}

static void linear_backward(struct linear *fc, const gsl_matrix *x,
                            const gsl_matrix *grad_out, gsl_matrix *grad_in,
                            double reg)
{
    size_t n, k;

    gsl_matrix_memcpy(fc->dW, fc->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_out, 2.0 * reg, fc->dW);

    gsl_vector_set_zero(fc->db);
    for (n = 0; n < grad_out->size1; n++)
        for (k = 0; k < grad_out->size2; k++)
            gsl_vector_set(fc->db, k, gsl_vector_get(fc->db, k) + gsl_matrix_get(grad_out, n, k));

    if (grad_in)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_out, fc->W, 0.0, grad_in);
}

static void relu_backward(const gsl_matrix *grad_out, const gsl_matrix *z,
                          gsl_matrix *grad_in)
{
    for (size_t i = 0; i < z->size1; i++)
        for (size_t j = 0; j < z->size2; j++)
            gsl_matrix_set(grad_in, i, j,
                           gsl_matrix_get(z, i, j) > 0.0 ? gsl_matrix_get(grad_out, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct linear fc1 = { net->W1, g->dW1, g->db1 };
    struct linear fc2 = { net->W2, g->dW2, g->db2 };
    gsl_matrix *grad_scores = g->dz2;
    gsl_matrix *grad_hidden = g->dp1;
    gsl_matrix *grad_pre = g->dz1;

    softmax_xent_backward(cache->prob, y, grad_scores);
    linear_backward(&fc2, cache->p1, grad_scores, grad_hidden, reg);
    relu_backward(grad_hidden, cache->z1, grad_pre);
    linear_backward(&fc1, X, grad_hidden, NULL, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
