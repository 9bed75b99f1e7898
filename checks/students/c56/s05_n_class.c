/* Homework 6 -- Statistical Learning
 * backward pass, two layer net
 *
 * Delta2 = (P - Y) / n                  (n_obs x n_class)
 * grad_W2 = t(A1) Delta2 + 2 lambda W2
 * grad_b2 = colSums(Delta2)
 * grad_A1 = Delta2 t(W2)
 * Delta1 = grad_A1 * (Z1 > 0)
 * grad_W1 = t(X) Delta1 + 2 lambda W1
 * grad_b1 = colSums(Delta1)
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_obs = X->size1, n_feat = X->size2;
    size_t n_hidden = net->H, n_class = net->C;
    double lambda = reg;
    size_t i, j, k, m;
    double s, yik;

    if (n_obs != cache->N || n_feat != net->D || g->N != n_obs)
        return 1;

    /* Delta2 */
    for (k = 1; k <= n_class; k++) {
        for (i = 1; i <= n_obs; i++) {
            yik = (y[i - 1] == k - 1) ? 1.0 : 0.0;
            gsl_matrix_set (g->dz2, i - 1, k - 1,
                            (gsl_matrix_get (cache->prob, i - 1, k - 1) - yik) / n_class);
        }
    }

    /* grad_W2 */
    for (k = 1; k <= n_class; k++) {
        for (j = 1; j <= n_hidden; j++) {
            s = 0.0;
            for (i = 1; i <= n_obs; i++)
                s += gsl_matrix_get (cache->p1, i - 1, j - 1) * gsl_matrix_get (g->dz2, i - 1, k - 1);
            gsl_matrix_set (g->dW2, j - 1, k - 1, s + 2 * lambda * gsl_matrix_get (net->W2, j - 1, k - 1));
        }
    }

    /* grad_b2 */
    for (k = 1; k <= n_class; k++) {
        s = 0.0;
        for (i = 1; i <= n_obs; i++)
            s += gsl_matrix_get (g->dz2, i - 1, k - 1);
        gsl_vector_set (g->db2, k - 1, s);
    }

    /* grad_A1 */
    for (j = 1; j <= n_hidden; j++) {
        for (i = 1; i <= n_obs; i++) {
            s = 0.0;
            for (k = 1; k <= n_class; k++)
                s += gsl_matrix_get (g->dz2, i - 1, k - 1) * gsl_matrix_get (net->W2, j - 1, k - 1);
            gsl_matrix_set (g->dp1, i - 1, j - 1, s);
        }
    }

    /* Delta1 */
    for (j = 1; j <= n_hidden; j++) {
        for (i = 1; i <= n_obs; i++) {
            if (gsl_matrix_get (cache->z1, i - 1, j - 1) > 0)
                gsl_matrix_set (g->dz1, i - 1, j - 1, gsl_matrix_get (g->dp1, i - 1, j - 1));
            else
                gsl_matrix_set (g->dz1, i - 1, j - 1, 0.0);
        }
    }

    /* grad_W1 */
    for (j = 1; j <= n_hidden; j++) {
        for (m = 1; m <= n_feat; m++) {
            s = 0.0;
            for (i = 1; i <= n_obs; i++)
                s += gsl_matrix_get (X, i - 1, m - 1) * gsl_matrix_get (g->dz1, i - 1, j - 1);
            gsl_matrix_set (g->dW1, m - 1, j - 1, s + 2 * lambda * gsl_matrix_get (net->W1, m - 1, j - 1));
        }
    }

    /* grad_b1 */
    for (j = 1; j <= n_hidden; j++) {
        s = 0.0;
        for (i = 1; i <= n_obs; i++)
            s += gsl_matrix_get (g->dz1, i - 1, j - 1);
        gsl_vector_set (g->db1, j - 1, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
