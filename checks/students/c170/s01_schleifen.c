/* Uebungsblatt 4, Aufgabe 2: Rueckwaertsdurchlauf des zweischichtigen Netzes
 * Gruppe 7 -- alles mit einfachen Schleifen, ohne BLAS.
 *
 * Verlust: L = 1/N sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t anzahl_beispiele = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double summe;

    if (anzahl_beispiele != cache->N || X->size2 != D || g->N != anzahl_beispiele)
        return 1;

    /* 1. Fehler am Ausgang: (softmax - onehot) / N */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                p -= 1.0;
            gsl_matrix_set(g->dz2, i, k, p / (double) anzahl_beispiele);
        }
    }

    /* 2. dW2 = p1^T * dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            summe = 0.0;
            for (i = 0; i < anzahl_beispiele; i++)
                summe += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, summe + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* 3. db2 = Spaltensummen von dz2 */
    for (k = 0; k < C; k++) {
        summe = 0.0;
        for (i = 0; i < anzahl_beispiele; i++)
            summe += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, summe);
    }

    /* 4. dp1 = dz2 * W2^T */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (j = 0; j < H; j++) {
            summe = 0.0;
            for (k = 0; k < C; k++)
                summe += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, summe);
        }
    }

    /* 5. ReLU: nur durchlassen, wo z1 > 0 war */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* 6. dW1 = X^T * dz1 + 2 reg W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            summe = 0.0;
            for (i = 0; i < anzahl_beispiele; i++)
                summe += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, summe + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* 7. db1 = Spaltensummen von dz1 */
    for (j = 0; j < H; j++) {
        summe = 0.0;
        for (i = 0; i < anzahl_beispiele; i++)
            summe += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, summe);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
