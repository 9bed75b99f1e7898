/* nnCostFunction backward part, in C.
 * Notation from the ML course: a1 = X, z2/a2 hidden layer, z3/a3 output,
 * delta3 = a3 - y, delta2 = (delta3 * Theta2') .* g'(z2).
 * (here: a2 = cache->p1, a3 = cache->prob, Theta1 = W1, Theta2 = W2)
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_ex = cache->N;
    size_t n_in = net->D, n_hid = net->H, n_lab = net->C;
    double m = (double)X->size2;      /* m = size(X, 2), number of examples */
    size_t t, i, j, k;

    if (X->size1 != n_ex || X->size2 != n_in || g->N != n_ex)
        return 1;

    /* delta3 = (a3 - y_matrix) / m */
    for (t = 0; t < n_ex; t++) {
        for (k = 0; k < n_lab; k++) {
            double yk = (k == y[t]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, t, k, (gsl_matrix_get(cache->prob, t, k) - yk) / m);
        }
    }

    /* Theta2_grad = a2' * delta3 + 2 lambda Theta2 */
    for (j = 0; j < n_hid; j++) {
        for (k = 0; k < n_lab; k++) {
            double s = 0.0;
            for (t = 0; t < n_ex; t++)
                s += gsl_matrix_get(cache->p1, t, j) * gsl_matrix_get(g->dz2, t, k);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* bias grad = sum(delta3) */
    for (k = 0; k < n_lab; k++) {
        double s = 0.0;
        for (t = 0; t < n_ex; t++)
            s += gsl_matrix_get(g->dz2, t, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* delta2 = delta3 * Theta2' , then .* g'(z2)  (relu: 1 if z>0) */
    for (t = 0; t < n_ex; t++) {
        for (j = 0; j < n_hid; j++) {
            double s = 0.0;
            for (k = 0; k < n_lab; k++)
                s += gsl_matrix_get(g->dz2, t, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, t, j, s);
            gsl_matrix_set(g->dz1, t, j, gsl_matrix_get(cache->z1, t, j) > 0.0 ? s : 0.0);
        }
    }

    /* Theta1_grad = a1' * delta2 + 2 lambda Theta1 */
    for (i = 0; i < n_in; i++) {
        for (j = 0; j < n_hid; j++) {
            double s = 0.0;
            for (t = 0; t < n_ex; t++)
                s += gsl_matrix_get(X, t, i) * gsl_matrix_get(g->dz1, t, j);
            gsl_matrix_set(g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    for (j = 0; j < n_hid; j++) {
        double s = 0.0;
        for (t = 0; t < n_ex; t++)
            s += gsl_matrix_get(g->dz1, t, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
