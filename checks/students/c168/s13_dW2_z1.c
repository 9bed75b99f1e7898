/* backward.c -- two layer MLP, backprop.
 * grad_w_out(j,k) = sum_n x_hid(n,j) err_out(n,k), x_hid = hidden layer
 * (same as the weight update of the LMS filter: input times error). */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, k;
    const gsl_matrix *x_hid = cache->z1;   /* hidden layer */
    double acc;

    /* err_out */
    for (n = 0; n < N; n++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, n, k,
                           (gsl_matrix_get(cache->prob, n, k) - (k == y[n] ? 1.0 : 0.0)) / N);

    /* grad_w_out, bias */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(x_hid, n, j) * gsl_matrix_get(g->dz2, n, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* err_hid, delta_hid */
    for (n = 0; n < N; n++) {
        double *row_e = g->dp1->data + n * g->dp1->tda;
        double *row_d = g->dz1->data + n * g->dz1->tda;
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            row_e[j] = acc;
            row_d[j] = gsl_matrix_get(cache->z1, n, j) > 0 ? acc : 0.0;
        }
    }

    /* grad_w_hid: input times delta */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, k) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }

    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
