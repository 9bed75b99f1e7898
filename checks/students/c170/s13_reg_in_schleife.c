/* Hausaufgabe 3: backward pass fuer zwei Schichten
 *
 * Die Gewichtsgradienten beider Schichten haben dieselbe Form
 *     dW = A^T * delta + 2 * reg * W
 * deshalb gibt es dafuer eine gemeinsame Hilfsfunktion.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* ergebnis (K x M) = A^T (N x K) * delta (N x M) + 2 reg W */
static void gewichtsgradient(const gsl_matrix *A, const gsl_matrix *delta,
                             const gsl_matrix *W, double reg,
                             gsl_matrix *ergebnis)
{
    size_t n, k, m;
    for (k = 0; k < A->size2; k++) {
        for (m = 0; m < delta->size2; m++) {
            double summe = 0.0;
            for (n = 0; n < A->size1; n++) {
                summe += gsl_matrix_get(A, n, k) * gsl_matrix_get(delta, n, m);
                summe += 2.0 * reg * gsl_matrix_get(W, k, m);   /* Regularisierung */
            }
            gsl_matrix_set(ergebnis, k, m, summe);
        }
    }
}

/* Summe der Zeilen von delta */
static void biasgradient(const gsl_matrix *delta, gsl_vector *ergebnis)
{
    size_t n, m;
    for (m = 0; m < delta->size2; m++) {
        double summe = 0.0;
        for (n = 0; n < delta->size1; n++)
            summe += gsl_matrix_get(delta, n, m);
        gsl_vector_set(ergebnis, m, summe);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t anzahl_beispiele = X->size1;
    size_t i, j, c;

    if (anzahl_beispiele != cache->N || X->size2 != net->D
        || g->N != anzahl_beispiele)
        return 1;

    /* fehler_ausgabe */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (c = 0; c < net->C; c++) {
            double v = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, c, v / (double) anzahl_beispiele);
        }
    }

    gewichtsgradient(cache->p1, g->dz2, net->W2, reg, g->dW2);
    biasgradient(g->dz2, g->db2);

    /* fehler zurueck in die verborgene_schicht */
    for (i = 0; i < anzahl_beispiele; i++) {
        for (j = 0; j < net->H; j++) {
            double summe = 0.0;
            for (c = 0; c < net->C; c++)
                summe += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, j, c);
            gsl_matrix_set(g->dp1, i, j, summe);
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, summe);
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    gewichtsgradient(X, g->dz1, net->W1, reg, g->dW1);
    biasgradient(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
