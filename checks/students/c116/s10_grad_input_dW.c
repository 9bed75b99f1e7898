// backward for TwoLayerNet -- chain rule layer by layer
//   grad_scores -> (fc2) -> grad_hidden -> (relu) -> grad_pre -> (fc1)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
    const gsl_matrix *W;
    gsl_matrix *dW;
    gsl_vector *db;
};

static void softmax_xent_backward(const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *grad_scores) {
    size_t N = probs->size1;
    gsl_matrix_memcpy(grad_scores, probs);
    for (size_t n = 0; n < N; n++) {
        double *p = gsl_matrix_ptr(grad_scores, n, y[n]);
        *p -= 1.0;
    }
    gsl_matrix_scale(grad_scores, 1.0 / N);
}

// y = x W + b
//   dW = x^T dy (+ 2 reg W),  db = sum_rows(dy),  dx = dy W^T
static void linear_backward(struct linear *lin, const gsl_matrix *x,
                            const gsl_matrix *grad_y, gsl_matrix *grad_x,
                            double reg) {
    gsl_matrix_memcpy(lin->dW, lin->W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, x, grad_y, 2.0 * reg, lin->dW);

    gsl_vector_set_zero(lin->db);
    for (size_t n = 0; n < grad_y->size1; n++)
        for (size_t k = 0; k < grad_y->size2; k++)
            *gsl_vector_ptr(lin->db, k) += gsl_matrix_get(grad_y, n, k);

    if (grad_x != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grad_y, lin->dW, 0.0, grad_x);
}

static void relu_backward(const gsl_matrix *grad_y, const gsl_matrix *x,
                          gsl_matrix *grad_x) {
    for (size_t i = 0; i < x->size1; i++)
        for (size_t j = 0; j < x->size2; j++)
            gsl_matrix_set(grad_x, i, j,
                           gsl_matrix_get(x, i, j) > 0 ? gsl_matrix_get(grad_y, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    struct linear fc1 = {net->W1, g->dW1, g->db1};
    struct linear fc2 = {net->W2, g->dW2, g->db2};

    gsl_matrix *grad_scores = g->dz2;
    gsl_matrix *grad_hidden = g->dp1;
    gsl_matrix *grad_pre = g->dz1;

    softmax_xent_backward(cache->prob, y, grad_scores);
    linear_backward(&fc2, cache->p1, grad_scores, grad_hidden, reg);
    relu_backward(grad_hidden, cache->z1, grad_pre);
    linear_backward(&fc1, X, grad_pre, NULL, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}
