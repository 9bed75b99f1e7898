/* backward pass -- HW 3, part 2
 * Sofia Marquez
 *
 * loop over the examples; for each one:
 *   dscores = (probs - onehot) / N
 *   dW2 += outer(h, dscores),   db2 += dscores
 *   dh = W2 . dscores  ->  relu mask
 *   dW1 += outer(x, dh),        db1 += dh
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t i, j;
    gsl_vector *dscores = gsl_vector_alloc(net->C);
    gsl_vector *dh = gsl_vector_alloc(H);

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view probs = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view h = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);

        gsl_vector_memcpy(dscores, &probs.vector);
        *gsl_vector_ptr(dscores, y[i]) -= 1.0;
        gsl_vector_scale(dscores, 1.0 / (double) N);
        gsl_matrix_set_row(g->dz2, i, dscores);

        gsl_blas_dger(1.0, &h.vector, dscores, g->dW2);
        gsl_vector_add(g->db2, dscores);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, dscores, 0.0, dh);
        gsl_matrix_set_row(g->dp1, i, dh);
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_vector_set(dh, j, 0.0);
        gsl_matrix_set_row(g->dz1, i, dh);

        gsl_blas_dger(1.0, &x.vector, dh, g->dW1);
        gsl_vector_add(g->db1, dh);
    }

    /* regularization gradient 2*reg*W */
    for (j = 0; j < net->D * H; j++)
        g->dW1->data[(j / H) * g->dW1->tda + j % H] +=
            2.0 * reg * net->W1->data[(j / H) * net->W1->tda + j % H];
    for (j = 0; j < H * net->C; j++)
        g->dW2->data[(j / net->C) * g->dW2->tda + j % net->C] +=
            2.0 * reg * net->W2->data[(j / net->C) * net->W2->tda + j % net->C];

    /* the bias gradient is the average of the dscores over the batch */
    gsl_vector_scale(g->db2, 1.0 / (double) N);

    gsl_vector_free(dscores);
    gsl_vector_free(dh);
    g->present = BP_GRADS_ALL;
    return 0;
}
