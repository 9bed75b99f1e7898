/* backward.c -- backprop for the two-layer net, written out in components.
 *
 * Notation (as on the board): i,n run over samples, j over hidden units,
 * k over inputs, c over classes; repeated indices are summed by hand.
 *   dL/dz2_ic = (1/N) (P_ic - delta(c, y_i))
 *   dL/dW2_jc = sum_n p1_nj dz2_nc + 2 lambda W2_jc
 *   dL/db2_c  = sum_n dz2_nc
 *   dL/dp1_nj = sum_c dz2_nc W2_jc
 *   dL/dz1_nj = theta(z1_nj) dp1_nj          (theta = Heaviside step)
 *   dL/dW1_kj = sum_n X_nk dz1_nj + 2 lambda W1_kj
 *   dL/db1_j  = sum_n dz1_nj
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double lambda = reg, invN = 1.0/((double) N);
    size_t i, j, k, c, n;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* output layer: softmax + cross entropy */
    for (i = 0; i < N; i++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, i, c, invN*(gsl_matrix_get(cache->prob, i, c) - ((c == y[i]) ? 1.0 : 0.0)));

    for (j = 0; j < H; j++)
        for (c = 0; c < C; c++) {
            for (s = 0.0, n = 0; n < N; n++)
                s += (gsl_matrix_get(cache->p1, n, j))*(gsl_matrix_get(g->dz2, n, c));
            gsl_matrix_set(g->dW2, j, c, s + (2.0*lambda)*(gsl_matrix_get(net->W2, j, c)));
        }

    for (c = 0; c < C; c++) {
        for (s = 0.0, n = 0; n < N; n++)
            s += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* back through W2, then through the rectifier in the same sweep */
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            for (s = 0.0, c = 0; c < C; c++)
                s += (gsl_matrix_get(g->dz2, n, c))*(gsl_matrix_get(net->W2, j, c));
            gsl_matrix_set(g->dp1, n, j, s);
            gsl_matrix_set(g->dz1, n, j, ((gsl_matrix_get(cache->z1, n, j) > 0.0) ? 1.0 : 0.0)*(s));
        }

    /* first layer */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            for (s = 0.0, n = 0; n < N; n++)
                s += (gsl_matrix_get(X, n, k))*(gsl_matrix_get(g->dz1, n, j));
            gsl_matrix_set(g->dW1, k, j, (s) + (2.0*lambda)*(gsl_matrix_get(net->W1, k, j)));
        }

    for (j = 0; j < H; j++) {
        for (s = 0.0, n = 0; n < N; n++)
            s += (gsl_matrix_get(g->dz1, n, j));
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
