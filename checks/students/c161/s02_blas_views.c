// Two layer net - backward pass (Lab 6)
// uses gsl_blas_dgemm for the matrix multiplies like the TA showed
// in the review session. Shapes are in the comments.

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int N = X->size1;          // batch size
    int H = net->H;            // hidden size
    int C = net->C;            // classes
    int num_features = X->size2;   // D (not needed)
    int i, j;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    (void) num_features;

    // lecture names
    gsl_matrix *scores_grad = g->dz2;   // (N, C)
    gsl_matrix *W2_grad = g->dW2;       // (H, C)
    gsl_vector *b2_grad = g->db2;       // (C)
    gsl_matrix *hidden_grad = g->dp1;   // (N, H)
    gsl_matrix *relu_grad = g->dz1;     // (N, H)
    gsl_matrix *W1_grad = g->dW1;       // (D, H)
    gsl_vector *b1_grad = g->db1;       // (H)

    // 1. scores_grad = probs, then subtract one at the right class, then / N
    gsl_matrix_memcpy(scores_grad, cache->prob);
    for (i = 0; i < N; i++) {
        double v = gsl_matrix_get(scores_grad, i, y[i]);
        gsl_matrix_set(scores_grad, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(scores_grad, 1.0 / N);

    // 2. W2_grad = hidden^T . scores_grad + 2*reg*W2
    // copy W2 in first and let dgemm add on top (beta = 2*reg)
    gsl_matrix_memcpy(W2_grad, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, scores_grad,
                   2.0 * reg, W2_grad);

    // 3. b2_grad = column sums of scores_grad
    gsl_vector_set_zero(b2_grad);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(scores_grad, i);
        gsl_vector_add(b2_grad, &row.vector);   // add row i
    }

    // 4. hidden_grad = scores_grad . W2^T   (N,C)x(C,H) = (N,H)
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, scores_grad, net->W2,
                   0.0, hidden_grad);

    // 5. relu_grad: copy hidden_grad and zero out where z1 <= 0
    gsl_matrix_memcpy(relu_grad, hidden_grad);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0) {
                gsl_matrix_set(relu_grad, i, j, 0.0);
            }
        }
    }

    // 6. W1_grad = X^T . relu_grad + 2*reg*W1   (D,N)x(N,H) = (D,H)
    gsl_matrix_memcpy(W1_grad, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, relu_grad,
                   2.0 * reg, W1_grad);

    // 7. b1_grad = column sums of relu_grad, same trick as b2
    gsl_vector_set_zero(b1_grad);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(relu_grad, i);
        gsl_vector_add(b1_grad, &row.vector);
    }

    (void) C;
    g->present = BP_GRADS_ALL;
    return 0;
}
